import type { ChannelContext } from './channel.types.ts';
import { remainingUntil } from './clock.ts';

/** A timer the machine arms: it runs `setting` ms from `startedAt`, then raises `event`. */
interface TimerSpec {
  /** Id of the delayed event, so it can be cancelled. */
  id: string;
  event: 'batch.window.elapsed' | 'thread.deadline.elapsed' | 'cooldown.elapsed' | 'idle.elapsed';
  /** When the wait began (ms since the epoch), or null when nothing is waiting. */
  startedAt: (context: ChannelContext) => number | null;
  setting: 'batchWindowMs' | 'threadTimeoutMs' | 'cooldownMs' | 'idleTimeoutMs';
}

/** The machine's timers, one per state that waits: the open batch, the thread, cooldown, idle. */
export const TIMERS = {
  batchWindow: {
    id: 'timer.batch.window',
    event: 'batch.window.elapsed',
    startedAt: (context) => context.batchOpenedAt,
    setting: 'batchWindowMs',
  },
  thread: {
    id: 'timer.thread.deadline',
    event: 'thread.deadline.elapsed',
    // A resumed thread's deadline counts from its resume (see `ThreadRun.resumedAt`).
    startedAt: (context) => (context.thread ? (context.thread.resumedAt ?? context.thread.startedAt) : null),
    setting: 'threadTimeoutMs',
  },
  cooldown: {
    id: 'timer.cooldown',
    event: 'cooldown.elapsed',
    startedAt: (context) => context.cooldownStartedAt,
    setting: 'cooldownMs',
  },
  idle: {
    id: 'timer.idle',
    event: 'idle.elapsed',
    startedAt: (context) => context.idleSince,
    setting: 'idleTimeoutMs',
  },
} as const satisfies Record<string, TimerSpec>;

export type TimerName = keyof typeof TIMERS;

/** When `timer` is due (ms since the epoch), or null when it is not running. */
export function timerDeadline(timer: TimerName, context: ChannelContext): number | null {
  const { startedAt, setting } = TIMERS[timer];
  const start = startedAt(context);
  return start === null ? null : start + context.settings[setting];
}

/** What arming a timer needs of XState's `enqueue`. */
export interface TimerQueue {
  cancel(id: string): void;
  raise(event: { type: (typeof TIMERS)[TimerName]['event'] }, options: { id: string; delay: number }): void;
}

/**
 * (Re)arms `timer` for the time it has left, cancelling any earlier one; an open batch that is
 * already ready needs no window.
 */
export function armTimer(
  timer: TimerName,
  context: ChannelContext,
  enqueue: TimerQueue,
  system: Parameters<typeof remainingUntil>[1],
) {
  const { id, event } = TIMERS[timer];
  enqueue.cancel(id);
  const deadline = timerDeadline(timer, context);
  if (deadline === null || (timer === 'batchWindow' && context.trigger !== null)) return;
  enqueue.raise({ type: event }, { id, delay: remainingUntil(deadline, system) });
}
