import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { redactUrl } from './domain/redact-url.ts';
import { secretScrubber } from './domain/secret-scrubber.ts';

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

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  name?: string;
  /** Replaces stdout (tests). */
  destination?: pino.DestinationStream;
  /** Secret values (the configured tokens and keys): scrubbed from every line, wherever they appear. */
  secrets?: ReadonlyArray<string | undefined>;
}

/**
 * Creates Ery's pino logger: JSON lines, pretty-printed when stdout is a terminal, secrets redacted
 * twice over (issue 11 §7): by path (tokens and keys entirely; the password and query values of
 * every `url` field), and by value, so a configured secret quoted in an error message, a stack or
 * any other field is replaced in the written line (src/domain/secret-scrubber.ts).
 * `pretty` is synchronous (no worker transport) so lines written just before exit are not lost.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const scrub = secretScrubber(options.secrets ?? []);
  const base = {
    level,
    name: options.name ?? 'ery',
    redact: { paths: [...REDACT, ...URL_PATHS], censor },
    hooks: { streamWrite: scrub },
  };
  if (options.destination) return pino(base, options.destination);
  if (!pretty) return pino(base);
  return pino(base, pinoPretty({ colorize: true, sync: true, ignore: 'pid,hostname' }));
}

/** A logger that discards everything: the default in tests and library code. */
export const silentLogger: Logger = pino({ level: 'silent' });
