import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

/** Paths whose values never reach a log line. */
const REDACT = [
  'token',
  'apiKey',
  'authorization',
  '*.token',
  '*.apiKey',
  '*.authorization',
  'env.DISCORD_TOKEN',
  'env.OPENROUTER_API_KEY',
  'env.LLM_API_KEY',
  'env.ERY_OPS_TOKEN',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * Creates Ery's pino logger: JSON lines, pretty-printed when stdout is a terminal, secrets redacted.
 * `pretty` is synchronous (no worker transport) so lines written just before exit are not lost.
 */
export function createLogger(options: { level?: string; pretty?: boolean; name?: string } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const base = { level, name: options.name ?? 'ery', redact: { paths: REDACT, censor: '[redacted]' } };
  if (!pretty) return pino(base);
  return pino(base, pinoPretty({ colorize: true, sync: true, ignore: 'pid,hostname' }));
}

/** A logger that discards everything: the default in tests and library code. */
export const silentLogger: Logger = pino({ level: 'silent' });
