import type { LoggedStep } from './channel-log.ts';
import type { ReplayStep } from './replay-log.ts';

/**
 * A thread cut off by a restart and run again by the restored actor (an interrupted thread runs
 * again on restore: DESIGN.md). Its start-to-end time spans the downtime, so it is shown as two
 * moments instead of one duration.
 */
export interface Interruption {
  /**
   * The last moment the thread was seen working before the restart (ms since the epoch): its last
   * record (model reply or tool result), or its channel's last logged event, whichever is later.
   * Ery stopped at some point after it.
   */
  lastSeenAt: number;
  /** When the restored actor took the thread up again (ms since the epoch). */
  resumedAt: number;
  /** The restore's event number (its `xstate.init`). */
  seq: number;
}

/**
 * The thread a replayed step resumed, when the step is a restore (`xstate.init` from a snapshot)
 * of a channel whose thread was running: that thread's id and its {@link Interruption}.
 * `previousAt` is the time of the step before (the channel's last event before the restart);
 * `records` the thread's records, to see it working later than that.
 */
export function interruptionOf(
  step: ReplayStep,
  previousAt: number | null,
  records: (threadId: string) => readonly Pick<LoggedStep, 'at'>[],
): { threadId: string; interruption: Interruption } | null {
  if (step.type !== 'xstate.init' || step.origin === 'fresh') return null;
  const thread = step.after.context.thread;
  if (!thread || step.after.value !== 'running') return null;
  let lastSeenAt = previousAt ?? thread.startedAt;
  for (const record of records(thread.id))
    if (record.at <= step.at && record.at > lastSeenAt) lastSeenAt = record.at;
  return { threadId: thread.id, interruption: { lastSeenAt, resumedAt: step.at, seq: step.seq } };
}
