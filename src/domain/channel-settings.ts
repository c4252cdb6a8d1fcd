import { z } from 'zod';
import type { Env } from './config.ts';

/**
 * Overrides of a channel's timings and batch size, as stored per scope (global, server, channel).
 * Every field is optional: an unset field falls through to the wider scope, then to the env.
 */
export const ChannelSettingsOverride = z
  .object({
    batchSize: z.number().int().min(1).max(100),
    batchWindowMs: z.number().int().min(0).max(3_600_000),
    cooldownMs: z.number().int().min(0).max(3_600_000),
    idleTimeoutMs: z.number().int().min(1).max(86_400_000),
    threadTimeoutMs: z.number().int().min(1_000).max(3_600_000),
  })
  .partial()
  .strict();
export type ChannelSettingsOverride = z.infer<typeof ChannelSettingsOverride>;

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
