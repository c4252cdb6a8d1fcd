/** When a thread ran, for people: one duration, or, for one cut off by restarts, each moment. */
import type { Interruption } from '../wire.ts';
import { clockTime, duration } from './format.ts';

/**
 * `412 ms` for a thread that ran without a break (`…` while it runs); for one a restart cut off,
 * `interrupted (last seen 10:22:31.518) → resumed 10:22:40.104` per restart, since its
 * start-to-end time spans the downtime and would read as how long it worked.
 */
export function threadTook(thread: {
  startedAt: number;
  endedAt: number | null;
  interruptions: readonly Interruption[];
}): string {
  if (thread.interruptions.length === 0)
    return thread.endedAt === null ? '…' : duration(thread.endedAt - thread.startedAt);
  const cuts = thread.interruptions.map(
    (cut) => `interrupted (last seen ${clockTime(cut.lastSeenAt)}) → resumed ${clockTime(cut.resumedAt)}`,
  );
  return [...cuts, thread.endedAt === null ? 'running' : `ended ${clockTime(thread.endedAt)}`].join(' · ');
}
