/**
 * The windows spend caps count in (issue 11 §6), as a server admin reads them:
 *
 * - the server's budget is per **UTC calendar day**, 00:00 to 24:00 UTC. A day, not the last 24
 *   hours: "today's budget" is what admins expect, the refill time is the same for every member and
 *   channel, and it is the day model providers bill and reset their own daily limits by;
 * - a member's budget is per **UTC clock hour**, HH:00 to HH+1:00. A fixed window, not a rolling
 *   one, for the same reasons at a smaller scale: "refills at 15:00" is a time anyone can check, and
 *   one notice per window means one notice per member per hour at most. The price is that a member
 *   can spend up to twice the limit across the turn of an hour; the server's daily budget is the
 *   bound on cost, the hourly one only keeps one member from spending it all.
 *
 * Both are half-open: a window holds `start <= t < end`, and `end` is when it refills. Times are ms
 * since the epoch; UTC has no daylight saving, so a day is always 86 400 000 ms (leap seconds do
 * not exist in epoch time).
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A budget window: `start <= t < end`, in ms since the epoch; `end` is when the budget refills. */
export interface BudgetWindow {
  start: number;
  end: number;
}

/** The UTC calendar day holding `now` (ms since the epoch). */
export function utcDayWindow(now: number): BudgetWindow {
  return fixedWindow(now, DAY_MS);
}

/** The UTC clock hour holding `now` (ms since the epoch). */
export function utcHourWindow(now: number): BudgetWindow {
  return fixedWindow(now, HOUR_MS);
}

/**
 * The window of `length` ms holding `now`, aligned to the epoch (which is midnight UTC, so days and
 * hours fall on UTC boundaries). `Math.floor` keeps times before 1970 in the right window too.
 */
function fixedWindow(now: number, length: number): BudgetWindow {
  if (!Number.isFinite(now)) throw new RangeError(`budget window: now must be a finite time, got ${now}`);
  const start = Math.floor(now / length) * length;
  return { start, end: start + length };
}
