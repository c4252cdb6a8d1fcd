import type { Interruption } from '../replay/thread-interruptions.ts';
import type { ActorLog } from './actor-log.ts';

/**
 * `threads` (rows of one channel) each with the restarts that cut it off and ran it again, read
 * from the channel's log as `ery replay` rebuilds them (`interruptionOf`): when it was last seen
 * working (its last record, or the channel's last event before the restart) and when it resumed.
 * A thread's start-to-end time spans them, so the page shows both moments instead.
 */
export function withInterruptions<T extends { id: string; startedAt: number }>(
  log: ActorLog,
  channelId: string,
  threads: readonly T[],
): Array<T & { interruptions: Interruption[] }> {
  const since = Math.min(...threads.map((thread) => thread.startedAt));
  const restores = threads.length === 0 ? [] : log.threadRestores(channelId, since);
  return threads.map((thread) => ({
    ...thread,
    interruptions: restores
      .filter((restore) => restore.threadId === thread.id)
      .map((restore) => {
        const record = log.lastRecordAt(thread.id, restore.at);
        const previous = restore.previousAt ?? thread.startedAt;
        return {
          seq: restore.seq,
          resumedAt: restore.at,
          lastSeenAt: Math.max(previous, record ?? previous),
        };
      }),
  }));
}
