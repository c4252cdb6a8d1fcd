import { z } from 'zod';
import type { Env } from './config.ts';
import { SETTING_LIMITS, wholeNumberIn } from './setting-limits.ts';

const fields = {
  /** Messages that start a thread at once. */
  batchSize: wholeNumberIn(SETTING_LIMITS.batchSize),
  /** Time after a batch opens before it runs anyway (ms). */
  batchWindowMs: wholeNumberIn(SETTING_LIMITS.batchWindowMs),
  /** Pause after a thread ends before the queue becomes the next batch (ms). */
  cooldownMs: wholeNumberIn(SETTING_LIMITS.cooldownMs),
  /** Time idle before the channel actor is reaped (ms). */
  idleTimeoutMs: wholeNumberIn(SETTING_LIMITS.idleTimeoutMs),
  /** Longest a thread may run; then it is stopped and recorded as timed out (ms). */
  threadTimeoutMs: wholeNumberIn(SETTING_LIMITS.threadTimeoutMs),
};

/**
 * Timings and batch size of one channel, resolved from config global → server → channel, then the
 * `ERY_*` env. The one definition of the settings: the type, the overrides, the patches and the
 * env variables' ranges and defaults all come from here and {@link SETTING_LIMITS}.
 */
export const ChannelSettings = z.object(fields).strict();
export type ChannelSettings = z.infer<typeof ChannelSettings>;

/** Defaults used where config says nothing (DESIGN.md); also the `ERY_*` env defaults. */
export const DEFAULT_CHANNEL_SETTINGS: Readonly<ChannelSettings> = Object.freeze(
  ChannelSettings.parse({
    batchSize: 5,
    batchWindowMs: 30_000,
    cooldownMs: 2_000,
    idleTimeoutMs: 300_000,
    threadTimeoutMs: 120_000,
  }),
);

/**
 * Overrides of a channel's timings and batch size, as stored per scope (global, server, channel).
 * Every field is optional: an unset field falls through to the wider scope, then to the env.
 */
export const ChannelSettingsOverride = ChannelSettings.partial().strict();
export type ChannelSettingsOverride = z.infer<typeof ChannelSettingsOverride>;

/**
 * A change to one scope's override, as `PUT /api/config/...` sends it: a field with a value is set,
 * a field set to `null` is removed (it falls through to the wider scope again), an absent field is
 * kept. Strict, so a misspelt field is an error that names it.
 */
export const ChannelSettingsPatch = z
  .object(
    Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, schema.nullable()])) as {
      [K in keyof typeof fields]: z.ZodNullable<(typeof fields)[K]>;
    },
  )
  .partial()
  .strict();
export type ChannelSettingsPatch = z.infer<typeof ChannelSettingsPatch>;

/** Applies `patch` to `current`: null removes a field, a value sets it. */
export function applySettingsPatch(
  current: ChannelSettingsOverride,
  patch: ChannelSettingsPatch,
): ChannelSettingsOverride {
  const next: Record<string, number> = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  return next as ChannelSettingsOverride;
}

/** The defaults every override falls back to: the `ERY_*` environment variables. */
export function settingsFromEnv(env: Env): ChannelSettings {
  return {
    batchSize: env.ERY_BATCH_SIZE,
    batchWindowMs: env.ERY_BATCH_WINDOW_MS,
    cooldownMs: env.ERY_COOLDOWN_MS,
    idleTimeoutMs: env.ERY_IDLE_TIMEOUT_MS,
    threadTimeoutMs: env.ERY_THREAD_TIMEOUT_MS,
  };
}
