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
  const seq = /^#?(\d+)$/.exec(text);
  if (seq) return { seq: Number(seq[1]) };
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) {
    const zoned = /[T ][\d:.]+$/.test(text) ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T');
    const at = Date.parse(zoned);
    if (!Number.isNaN(at)) return { at };
  }
  return null;
}

/** True when `from` lies after `to` (only comparable when both are numbers or both times). */
export function reversed(from: Bound, to: Bound): boolean {
  if ('seq' in from !== 'seq' in to) return false;
  const start = 'seq' in from ? from.seq : from.at;
  const end = 'seq' in to ? to.seq : to.at;
  return start > end;
}
