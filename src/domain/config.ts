import { z } from 'zod';
import { DEFAULT_CHANNEL_SETTINGS } from './channel-settings.ts';
import { ConfigError } from './errors.ts';
import { inspectSetting } from './inspect-setting.ts';
import { httpHost, opsToken, unguardedBindProblem } from './ops-binding.ts';
import { redactUrlsIn } from './redact-url.ts';
import { SETTING_LIMITS, wholeNumberIn } from './setting-limits.ts';

const int = (min: number, max?: number) =>
  wholeNumberIn(
    {
      min,
      max: max ?? Number.MAX_SAFE_INTEGER,
      words: max === undefined ? `of ${min} or more` : `from ${min} to ${max}`,
    },
    { fromString: true },
  );
/** A channel setting's env variable: its range and its default are the setting's own. */
const setting = (name: keyof typeof SETTING_LIMITS) =>
  wholeNumberIn(SETTING_LIMITS[name], { fromString: true }).default(DEFAULT_CHANNEL_SETTINGS[name]);
const flag = (fallback: '0' | '1') => z.enum(['0', '1', 'true', 'false']).default(fallback);
// A trailing slash is dropped: discord.js appends `/v10`, and `…/api//v10` is not Discord's API.
const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

/**
 * `ERY_DB_PATH`: a file path. What only a shell would make of it is refused here, because Ery would
 * otherwise make it literally: a trailing `/` names a folder (Ery would create a file named after
 * it), and `~` is no home folder outside a shell (Ery would create a folder named `~`).
 */
const databasePath = z
  .string()
  .refine((path) => !path.endsWith('/'), {
    error: (issue) =>
      `ends in "/", so it names a folder; set ERY_DB_PATH to a file in it, such as ${JSON.stringify(`${issue.input}ery.db`)}`,
  })
  .refine((path) => path !== '~' && !path.startsWith('~/'), {
    error:
      'starts with "~", which only a shell expands; set ERY_DB_PATH to an absolute path or $HOME, such as $HOME/ery.db',
  });

/**
 * Every environment variable Ery reads, with its default. `.env.example` mirrors this list; keep
 * them in step. {@link loadEnv} reads an empty value as unset, so each default also applies to
 * `NAME=` in a `.env` file.
 */
export const EnvSchema = z
  .object({
    // A token is printable ASCII with no space (Discord's are base64url parts and dots); a line break
    // or a space is a paste gone wrong, which would only fail later as a bad HTTP header.
    DISCORD_TOKEN: z
      .string()
      .regex(
        /^[\x21-\x7e]*$/,
        'has spaces or characters a bot token never has; paste the token from the Developer Portal again',
      )
      .optional(),
    DISCORD_API_URL: url.default('https://discord.com/api'),
    OPENROUTER_API_KEY: z.string().optional(),
    LLM_BASE_URL: url.optional(),
    LLM_API_KEY: z.string().optional(),
    LLM_MODEL: z.string().optional(),
    LLM_FALLBACK_MODELS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((model) => model.trim())
          .filter((model) => model.length > 0),
      ),
    /**
     * Which models are sent images (issue 12): `0` none (the default), `1` every model, or a
     * comma-separated list of the model ids that can see images (fallbacks may not).
     */
    LLM_VISION: z
      .string()
      .default('0')
      .transform((value, ctx): boolean | string[] => {
        const text = value.trim();
        if (text === '0') return false;
        if (text === '1') return true;
        const models = text
          .split(',')
          .map((model) => model.trim())
          .filter((model) => model.length > 0);
        // A switch word or a bare number is a mistyped 0/1, not a model id: say so rather than
        // quietly send images to a model called "2" (found by a break-it pass).
        const notAnId = (model: string) =>
          /\s/.test(model) || /^(\d+|true|false|yes|no|on|off)$/i.test(model);
        if (models.length === 0 || models.some(notAnId)) {
          ctx.addIssue({ code: 'custom', message: 'use 0, 1, or a comma-separated list of model ids' });
          return z.NEVER;
        }
        return models;
      }),
    ERY_DB_PATH: databasePath.default('data/ery.db'),
    ERY_BATCH_SIZE: setting('batchSize'),
    ERY_BATCH_WINDOW_MS: setting('batchWindowMs'),
    ERY_COOLDOWN_MS: setting('cooldownMs'),
    ERY_IDLE_TIMEOUT_MS: setting('idleTimeoutMs'),
    ERY_THREAD_TIMEOUT_MS: setting('threadTimeoutMs'),
    ERY_MAX_RUNNING: int(1).default(8),
    ERY_MAX_RUNNING_PER_GUILD: int(1).default(2),
    ERY_CATCHUP_MAX_MESSAGES: int(0, 10_000).default(100),
    ERY_CATCHUP_MAX_AGE_MS: int(0, 604_800_000).default(10_800_000),
    ERY_BUDGET_GUILD_TOKENS_PER_DAY: int(0).default(0),
    ERY_BUDGET_MEMBER_TOKENS_PER_HOUR: int(0).default(0),
    ERY_SHUTDOWN_TIMEOUT_MS: int(1_000, 600_000).default(15_000),
    /** Days event, audit and thread logs are kept (issue 11 §7); 0 keeps them for ever. */
    ERY_RETENTION_DAYS: int(0, 36_500).default(30),
    ERY_HTTP_PORT: int(0, 65_535).default(3000),
    ERY_HTTP_HOST: httpHost.default('127.0.0.1'),
    ERY_OPS_TOKEN: opsToken.optional(),
    ERY_PLAYGROUND_PORT: int(0, 65_535).default(3001),
    ERY_IGNORE_BOTS: flag('1').transform((value) => value !== '0' && value !== 'false'),
    /**
     * Direct messages (issue 12 §4): `1` answers every DM; `0` (the default) answers only the DMs of
     * members of a server whose policy enables `directMessages`. Others are logged and ignored.
     */
    ERY_DMS: flag('0').transform((value) => value === '1' || value === 'true'),
    ERY_INSPECT: inspectSetting,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .check((ctx) => {
    // By default both servers bind loopback; the same port would fail only after Discord login (issue 7 §9).
    const { ERY_HTTP_PORT: http, ERY_PLAYGROUND_PORT: playground } = ctx.value;
    if (http !== 0 && http === playground) {
      ctx.issues.push({
        code: 'custom',
        input: http,
        path: ['ERY_HTTP_PORT'],
        message: `is the same port as ERY_PLAYGROUND_PORT (${http}); give ERY_HTTP_PORT and ERY_PLAYGROUND_PORT different ports (0 picks a free one)`,
      });
    }
    // The ops server changes settings and shows every channel: never open to others without a token.
    const unguarded = unguardedBindProblem(ctx.value.ERY_HTTP_HOST, ctx.value.ERY_OPS_TOKEN);
    if (unguarded) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.ERY_HTTP_HOST,
        path: ['ERY_HTTP_HOST'],
        message: unguarded,
      });
    }
  });
export type Env = z.infer<typeof EnvSchema>;

/**
 * Variables whose value is a secret: a refusal names them but never repeats what was given, and
 * no log line carries their values (src/logger.ts).
 */
export const SECRET_VARIABLES = [
  'DISCORD_TOKEN',
  'OPENROUTER_API_KEY',
  'LLM_API_KEY',
  'ERY_OPS_TOKEN',
] as const;
const SECRETS: ReadonlySet<string> = new Set(SECRET_VARIABLES);

/** The secret values set in `source` (trimmed, as {@link loadEnv} reads them), for the logger to scrub. */
export function secretValues(source: Record<string, string | undefined> = process.env): string[] {
  return SECRET_VARIABLES.map((name) => source[name]?.trim()).filter((value): value is string =>
    Boolean(value),
  );
}

/**
 * Validates the environment once at start. A value that is empty or only blanks counts as unset,
 * for every variable, so `NAME=` in `.env` means the default (as `.env.example` lists
 * `DISCORD_TOKEN=`); other values are trimmed. A bad value throws a {@link ConfigError} whose
 * message is one line naming the variable, so the CLI can print it and exit.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const given: Record<string, string> = {};
  for (const name of Object.keys(EnvSchema.shape)) {
    const value = source[name]?.trim();
    if (value) given[name] = value;
  }
  const result = EnvSchema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  // A URL's password and query values are secrets too (ERY_INSPECT=ws://user:pass@…?token=…).
  const value = given[variable];
  const received = SECRETS.has(variable) || value === undefined ? undefined : redactUrlsIn(value);
  throw new ConfigError(
    variable,
    `${issue?.message ?? 'invalid value'}${received === undefined ? '' : ` (got ${JSON.stringify(received)})`}; fix it in your environment or .env (see .env.example)`,
  );
}
