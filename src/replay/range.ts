/** One end of a range of the log: an event's sequence number, or a time (ms since the epoch). */
export type Bound = { seq: number } | { at: number };

/** A part of the log; both ends included, either may be open. */
export interface LogRange {
  from?: Bound;
  to?: Bound;
}

/** True when the event `seq`, logged at `at`, lies in `range`. */
export function inRange(range: LogRange, seq: number, at: number): boolean {
  const after = (bound: Bound) => ('seq' in bound ? seq >= bound.seq : at >= bound.at);
  const before = (bound: Bound) => ('seq' in bound ? seq <= bound.seq : at <= bound.at);
  return (!range.from || after(range.from)) && (!range.to || before(range.to));
}

/** True when the event `seq`, logged at `at`, lies after the end of `range`. */
export function pastRange(range: LogRange, seq: number, at: number): boolean {
  const to = range.to;
  return to !== undefined && ('seq' in to ? seq > to.seq : at > to.at);
}

/** A bound as the user wrote it: `#12` for a sequence number, an ISO time otherwise. */
export function describeBound(bound: Bound): string {
  return 'seq' in bound ? `#${bound.seq}` : new Date(bound.at).toISOString();
}

/**
 * A bound as a person writes it: an event's sequence number (`12` or `#12`), or an ISO time
 * (`2025-05-01`, `2025-05-01T10:00:00Z`; without a zone it is UTC, as the timeline prints).
 * Null for anything else.
 */
export function readBound(text: string): Bound | null {
  const read = readBoundOrProblem(text);
  return 'problem' in read ? null : read;
}

/**
 * {@link readBound}, or what is wrong with `text`: a number past `Number.MAX_SAFE_INTEGER` (no
 * event has it, and it would print as `1e+21`), a date or time that does not exist (`2025-02-30`,
 * which `Date.parse` would take as 2 March), or neither a number nor an ISO time.
 */
export function readBoundOrProblem(text: string): Bound | { problem: string } {
  const seq = /^#?(\d+)$/.exec(text);
  if (seq) {
    const number = Number(seq[1]);
    return Number.isSafeInteger(number)
      ? { seq: number }
      : { problem: `is past the largest event number (${Number.MAX_SAFE_INTEGER})` };
  }
  const time = ISO_TIME.exec(text);
  if (!time) return { problem: NEITHER };
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = time;
  if (Number(month) < 1 || Number(month) > 12) return { problem: `is no date: there is no month ${month}` };
  const days = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number(day) < 1 || Number(day) > days)
    return { problem: `is no date: ${year}-${month} has ${days} days` };
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)
    return { problem: 'is no time of day (hours 0–23, minutes and seconds 0–59)' };
  const zoned =
    time[4] !== undefined && time[8] === undefined ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T');
  const at = Date.parse(zoned);
  return Number.isNaN(at) ? { problem: 'is not an ISO time (2025-05-01T10:00:00Z)' } : { at };
}

/** What {@link readBoundOrProblem} says of text that is neither a number nor a time. */
export const NEITHER = 'is neither an event number nor an ISO time';

/** `2025-05-01`, `2025-05-01T10:00`, `2025-05-01 10:00:01.120`, with an optional `Z` or `+02:00`. */
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** True when `from` lies after `to` (only comparable when both are numbers or both times). */
export function reversed(from: Bound, to: Bound): boolean {
  if ('seq' in from !== 'seq' in to) return false;
  const start = 'seq' in from ? from.seq : from.at;
  const end = 'seq' in to ? to.seq : to.at;
  return start > end;
}
