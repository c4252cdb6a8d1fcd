/** Small formatting helpers: times, colours, avatars. */

/** 0xRRGGBB as CSS, or undefined for 0 (no colour: the theme's text colour). */
export function cssColor(color: number): string | undefined {
  return color === 0 ? undefined : `#${color.toString(16).padStart(6, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:03". */
export function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "Today at 14:03", "Yesterday at 09:12" or "01/02/2024 14:03", as Discord writes it. */
export function stamp(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const day = (t: number) => new Date(t).toDateString();
  if (day(ms) === day(now)) return `Today at ${clock(ms)}`;
  if (day(ms) === day(now - 86_400_000)) return `Yesterday at ${clock(ms)}`;
  // A month name, not 06/12: day/month and month/day readers both read it right.
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${clock(ms)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A timeout end as a person reads it: "14:05" today, else with the date. */
export function until(ms: number): string {
  return new Date(ms).toDateString() === new Date().toDateString() ? clock(ms) : stamp(ms);
}

const AVATAR_COLOURS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459e', '#00a8fc', '#9b59b6'];

/** A stable avatar colour for a user id. */
export function avatarColour(userId: string): string {
  let hash = 0;
  for (const c of userId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length] ?? '#5865f2';
}

/** The first letter of a name, for the avatar. */
export function initial(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}
