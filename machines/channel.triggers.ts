import type { ChannelSettings } from '../src/domain/channel-settings.ts';
import type { ChatMessage } from '../src/domain/message.ts';
import type { ChannelContext, ThreadTrigger } from './channel.types.ts';

/** The trigger a batch meets by its contents alone (a mention, or enough messages), if any. */
export function contentTrigger(
  batch: readonly ChatMessage[],
  settings: ChannelSettings,
): ThreadTrigger | null {
  if (batch.some((message) => message.mentionsBot)) return 'mention';
  if (batch.length >= settings.batchSize) return 'count';
  return null;
}

/** True when the message is already in the batch, the queue or the running thread. */
export function isKnownMessage(context: ChannelContext, message: ChatMessage): boolean {
  const sameId = (other: ChatMessage) => other.id === message.id;
  return (
    context.batch.some(sameId) ||
    context.queue.some(sameId) ||
    (context.thread?.messages.some(sameId) ?? false)
  );
}

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
    startedAt: (context) => context.thread?.startedAt ?? null,
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
