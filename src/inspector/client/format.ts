/** Small formatting helpers for the inspector page. */

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `HH:MM:SS.mmm` in local time. */
export function clockTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A duration for people: `850 ms`, `12.3 s`, `4 min 05 s`. */
export function duration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1_000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1_000).toFixed(1)} s`;
  const seconds = Math.floor(value / 1_000);
  return `${Math.floor(seconds / 60)} min ${pad(seconds % 60)} s`;
}

/** JSON for people, or the text itself when it is one. */
export function pretty(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? '';
}
