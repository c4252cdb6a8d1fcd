import { z } from 'zod';
import type { Env } from './config.ts';
import { SETTING_LIMITS, wholeNumberIn } from './setting-limits.ts';

const fields = {
  batchSize: wholeNumberIn(SETTING_LIMITS.batchSize),
  batchWindowMs: wholeNumberIn(SETTING_LIMITS.batchWindowMs),
  cooldownMs: wholeNumberIn(SETTING_LIMITS.cooldownMs),
  idleTimeoutMs: wholeNumberIn(SETTING_LIMITS.idleTimeoutMs),
  threadTimeoutMs: wholeNumberIn(SETTING_LIMITS.threadTimeoutMs),
};

/**
 * Overrides of a channel's timings and batch size, as stored per scope (global, server, channel).
 * Every field is optional: an unset field falls through to the wider scope, then to the env.
 */
export const ChannelSettingsOverride = z.object(fields).partial().strict();
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
export function settingsFromEnv(env: Env) {
  return {
    batchSize: env.ERY_BATCH_SIZE,
    batchWindowMs: env.ERY_BATCH_WINDOW_MS,
    cooldownMs: env.ERY_COOLDOWN_MS,
    idleTimeoutMs: env.ERY_IDLE_TIMEOUT_MS,
    threadTimeoutMs: env.ERY_THREAD_TIMEOUT_MS,
  };
}
