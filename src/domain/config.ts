import { z } from 'zod';
import { ConfigError } from './errors.ts';

const int = (min: number) => z.coerce.number().int().min(min);
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const url = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url({ protocol: /^https?$/ }).optional())
  .optional();

/**
 * Every environment variable Ery reads, with its default. `.env.example` mirrors this list; keep
 * them in step.
 */
export const EnvSchema = z.object({
  DISCORD_TOKEN: optionalString,
  DISCORD_API_URL: url.default('https://discord.com/api'),
  OPENROUTER_API_KEY: optionalString,
  LLM_BASE_URL: url,
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_FALLBACK_MODELS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((model) => model.trim())
        .filter((model) => model.length > 0),
    ),
  ERY_DB_PATH: z.string().trim().min(1).default('data/ery.db'),
  ERY_BATCH_SIZE: int(1).default(5),
  ERY_BATCH_WINDOW_MS: int(0).default(30_000),
  ERY_COOLDOWN_MS: int(0).default(2_000),
  ERY_IDLE_TIMEOUT_MS: int(1).default(300_000),
  ERY_THREAD_TIMEOUT_MS: int(1_000).default(120_000),
  ERY_MAX_RUNNING: int(1).default(8),
  ERY_MAX_RUNNING_PER_GUILD: int(1).default(2),
  ERY_HTTP_PORT: int(0).max(65_535).default(3000),
  ERY_PLAYGROUND_PORT: int(0).max(65_535).default(3001),
  ERY_IGNORE_BOTS: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('1')
    .transform((value) => value !== '0' && value !== 'false'),
  ERY_INSPECT: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Env = z.infer<typeof EnvSchema>;

/**
 * Validates the environment once at start. A bad value throws a {@link ConfigError} whose message
 * is one line naming the variable, so the CLI can print it and exit.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const received = source[variable];
  throw new ConfigError(
    variable,
    `${issue?.message ?? 'invalid value'}${received === undefined ? '' : ` (got ${JSON.stringify(received)})`}; fix it in your environment or .env (see .env.example)`,
  );
}
