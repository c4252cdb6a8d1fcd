/**
 * Snowflakes and time (Discord API reference, "Snowflakes"): an id's top 42 bits are ms since
 * {@link DISCORD_EPOCH}; the low 22 bits (worker, process, increment) only tell ids of the same ms
 * apart.
 */

/** Discord's epoch, ms since the Unix epoch: 2015-01-01T00:00:00Z. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/** Bits below the timestamp. */
const LOW_BITS = 22n;

/**
 * The snowflake made at `unixMs` (ms since the Unix epoch) with `low` in its low 22 bits (masked),
 * as a decimal string. Ids Ery makes for things Discord gives none (a reaction, a join) sort by time
 * among real message ids this way.
 */
export function snowflakeAt(unixMs: bigint | number, low = 0n): string {
  return (((BigInt(unixMs) - DISCORD_EPOCH) << LOW_BITS) | (low & 0x3f_ffffn)).toString();
}

/** When snowflake `id` was made, in ms since the Unix epoch. Throws a SyntaxError for a non-number id. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> LOW_BITS) + DISCORD_EPOCH);
}
