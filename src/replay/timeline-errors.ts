import { ReplayError } from './errors.ts';
import type { LogExtent } from './log-reader.ts';
import { describeBound, type LogRange } from './range.ts';
import type { ReplayStep } from './replay-log.ts';

/** Threads an unknown `--thread` error names. */
const THREADS_NAMED = 3;

/** The one-line error for an event that cannot be read before the end of what was asked. */
export function unreadableRow(channelId: string, step: ReplayStep): ReplayError {
  const before = step.seq > 1 ? `, or end the range before it (--to ${step.seq - 1})` : '';
  return new ReplayError(
    'UNREADABLE_ROW',
    `event #${step.seq} of channel ${channelId} cannot be read: ${step.unreadable}; no state after it can be rebuilt: \`ery replay ${channelId} --verify\` shows the damage${before}`,
  );
}

/** `--thread` names no thread of the log; `known` in the order they started. */
export function unknownThread(channelId: string, known: readonly string[], id: string): ReplayError {
  const newest = [...known].reverse();
  const hint =
    newest.length === 0
      ? 'it ran no thread'
      : `its threads, newest first: ${newest.slice(0, THREADS_NAMED).join(', ')}${newest.length > THREADS_NAMED ? `, … (${newest.length} in all)` : ''}`;
  return new ReplayError(
    'UNKNOWN_THREAD',
    `no thread ${id} in the log of channel ${channelId} (${hint}); check --thread`,
  );
}

/** `--from`/`--to` leave no step: the error says where the log runs. */
export function emptyRange(channelId: string, extent: LogExtent, range: LogRange): ReplayError {
  const asked = [
    range.from && `from ${describeBound(range.from)}`,
    range.to && `to ${describeBound(range.to)}`,
  ]
    .filter(Boolean)
    .join(' ');
  const logged =
    extent.events > 0
      ? `its log runs #${extent.firstSeq} ${new Date(extent.firstAt).toISOString()} – #${extent.lastSeq} ${new Date(extent.lastAt).toISOString()}`
      : 'its log is empty';
  return new ReplayError(
    'EMPTY_RANGE',
    `no step of channel ${channelId} ${asked || 'in range'} (${logged}); widen --from/--to`,
  );
}
