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
