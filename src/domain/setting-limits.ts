/**
 * The range every channel setting may take, wherever it is set: the `ERY_*` environment variables
 * and the overrides sent to the ops API (`PUT /api/config/...`). One table, so a value the env
 * refuses is refused there too.
 *
 * Timers must stay below 2^31 − 1 ms (about 24.8 days): past that, JavaScript timers fire at once
 * (Bun warns `TimeoutOverflowWarning`) and every thread would time out immediately (issue 7). The
 * limits below are tighter, chosen for what each timing means: a batch, a cooldown or a thread
 * longer than an hour, or an idle channel kept for more than a day, is a typo, not a setting.
 */
import { z } from 'zod';

const SECOND = 1_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A setting's inclusive range, and that range said for people. */
export interface SettingRange {
  min: number;
  max: number;
  /** The range in words, e.g. `from 0 to 3600000 (1 hour)`. */
  words: string;
}

const range = (min: number, max: number, maxWords: string): SettingRange => ({
  min,
  max,
  words: `from ${min} to ${max}${maxWords ? ` (${maxWords})` : ''}`,
});

/** Ranges of the channel settings, by their ops-API field name. Times are milliseconds. */
export const SETTING_LIMITS = {
  batchSize: range(1, 100, ''),
  batchWindowMs: range(0, HOUR, '1 hour'),
  cooldownMs: range(0, HOUR, '1 hour'),
  idleTimeoutMs: range(1, DAY, '1 day'),
  threadTimeoutMs: range(SECOND, HOUR, '1 hour'),
} as const satisfies Record<string, SettingRange>;

/**
 * A zod schema for a whole number in `range`: a number, or with `fromString` a string read as one
 * (the env). Every way of missing it (not a number, a fraction, out of range) gets one message that
 * gives the range.
 */
export function wholeNumberIn({ min, max, words }: SettingRange, options: { fromString?: boolean } = {}) {
  const says = { error: `must be a whole number ${words}` };
  const number = z.number(says).int(says).min(min, says).max(max, says);
  if (!options.fromString) return number;
  // Plain decimal digits only: `Number()` would also read 0x10, 1e2, .5e1 and " 5 " as numbers,
  // which a person reading the .env would not.
  return z
    .string()
    .regex(/^-?\d+$/, says)
    .transform(Number)
    .pipe(number);
}
