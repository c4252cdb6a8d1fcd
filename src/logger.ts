import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { redactUrl } from './domain/redact-url.ts';

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

/** Fields that hold a URL: logged with its password and query values redacted, the rest kept. */
const URL_FIELDS = ['url', 'apiUrl', 'baseURL'];
const URL_PATHS = URL_FIELDS.flatMap((field) => [field, `*.${field}`]);

/** What a redacted path is logged as: a URL without its secrets, anything else `[redacted]`. */
function censor(value: unknown, path: string[]): unknown {
  const field = path.at(-1) ?? '';
  if (URL_FIELDS.includes(field)) return typeof value === 'string' ? redactUrl(value) : value;
  return '[redacted]';
}

/**
 * Creates Ery's pino logger: JSON lines, pretty-printed when stdout is a terminal, secrets redacted
 * (tokens and keys entirely; the password and query values of every `url` field).
 * `destination` replaces stdout (tests). `pretty` is synchronous (no worker transport) so lines written just before exit are not lost.
 */
export function createLogger(
  options: { level?: string; pretty?: boolean; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const base = { level, name: options.name ?? 'ery', redact: { paths: [...REDACT, ...URL_PATHS], censor } };
  if (options.destination) return pino(base, options.destination);
  if (!pretty) return pino(base);
  return pino(base, pinoPretty({ colorize: true, sync: true, ignore: 'pid,hostname' }));
}

/** A logger that discards everything: the default in tests and library code. */
export const silentLogger: Logger = pino({ level: 'silent' });
