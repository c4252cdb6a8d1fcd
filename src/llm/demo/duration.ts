/**
 * Durations as people type them in chat ("10 minutes", "1h", "30s", "an hour", "2 days"), read and
 * written back by the demo model's timeout requests.
 */

const UNIT_SECONDS: Array<[RegExp, number, string]> = [
  [/^(s|secs?|seconds?)$/, 1, 'second'],
  [/^(m|mins?|minutes?)$/, 60, 'minute'],
  [/^(h|hrs?|hours?)$/, 3_600, 'hour'],
  [/^(d|days?)$/, 86_400, 'day'],
  [/^(w|wks?|weeks?)$/, 604_800, 'week'],
];

/** One amount and unit, with an optional leading "for": "for 10 minutes", "1h", "an hour". */
export const DURATION_PATTERN = String.raw`(?:for\s+)?(\d+(?:\.\d+)?|(?:an?|one)(?=\s))\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\b`;

/**
 * Seconds for an amount and unit matched by {@link DURATION_PATTERN} ("10", "minutes" → 600;
 * "an", "hour" → 3600), rounded to whole seconds. Undefined when the unit is not one of ours.
 */
export function durationSeconds(amount: string, unit: string): number | undefined {
  const count = /^(an?|one)$/i.test(amount) ? 1 : Number(amount);
  const found = UNIT_SECONDS.find(([pattern]) => pattern.test(unit.toLowerCase()));
  return found === undefined ? undefined : Math.round(count * found[1]);
}

/**
 * A duration in the largest unit that divides it evenly: 600 → "10 minutes", 3600 → "1 hour",
 * 90 → "90 seconds", 5400 → "90 minutes".
 */
export function formatDuration(seconds: number): string {
  for (const [, size, name] of [...UNIT_SECONDS].reverse()) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}
