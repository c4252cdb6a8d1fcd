/**
 * Orders two Discord snowflakes (decimal strings) by value, which is creation order (Discord API
 * reference, "Snowflakes"): negative when `a` is older, 0 when equal. Canonical ids (no leading
 * zero) compare by length, then as text, with no BigInt on the hot path; anything else by value.
 */
export function compareSnowflakes(a: string, b: string): number {
  if (a.startsWith('0') || b.startsWith('0')) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
