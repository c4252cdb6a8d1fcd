import type { ChannelContext } from '../../machines/channel.machine.ts';
import { TIMERS, type TimerName, timerDeadline } from '../../machines/channel.triggers.ts';
import type { ChatMessage } from '../domain/message.ts';
import type { ChannelDetail, ChannelRow, MessageRow, TimerRow } from './wire.ts';

/** A channel actor's snapshot, as far as the inspector reads it. */
export interface ChannelSnapshot {
  value: unknown;
  context: ChannelContext;
}

/** Names of servers and channels, when the caller knows them (null: the page shows the id). */
export interface NameLookup {
  guild(guildId: string): string | null;
  channel(channelId: string): string | null;
}

/** The state each timer runs in: a timer shows only while its state is active. */
const TIMER_STATE: Record<TimerName, string> = {
  batchWindow: 'batching',
  thread: 'running',
  cooldown: 'cooldown',
  idle: 'idle',
};

const CONTENT_CHARS = 400;

/** The overview row of a channel. */
export function channelRow(channelId: string, snapshot: ChannelSnapshot, names?: NameLookup): ChannelRow {
  const { context } = snapshot;
  const state = String(snapshot.value);
  return {
    channelId,
    guildId: context.guildId,
    guildName: names?.guild(context.guildId) ?? null,
    channelName: names?.channel(channelId) ?? null,
    state,
    batch: context.batch.length,
    queue: context.queue.length,
    threadId: context.thread?.id ?? null,
    waiting: state === 'batching' && context.trigger !== null,
  };
}

/**
 * One channel in detail: batch and queue contents, the running and last thread, and the timers
 * armed now with their deadlines, read from context exactly as the machine arms them (an open
 * batch that already met a trigger has no window).
 */
export function channelDetail(channelId: string, snapshot: ChannelSnapshot): ChannelDetail {
  const { context } = snapshot;
  const state = String(snapshot.value);
  const { thread, lastThread } = context;
  return {
    channelId,
    guildId: context.guildId,
    state,
    trigger: context.trigger,
    batch: context.batch.map(messageRow),
    queue: context.queue.map(messageRow),
    thread: thread
      ? {
          id: thread.id,
          trigger: thread.trigger,
          startedAt: thread.startedAt,
          messages: thread.messages.length,
        }
      : null,
    lastThread: lastThread
      ? { id: lastThread.id, status: lastThread.status, endedAt: lastThread.endedAt, error: lastThread.error }
      : null,
    threadsRun: context.threadsRun,
    threadsFailed: context.threadsFailed,
    timers: armedTimers(state, context),
    settings: { ...context.settings },
  };
}

function armedTimers(state: string, context: ChannelContext): TimerRow[] {
  const rows: TimerRow[] = [];
  for (const name of Object.keys(TIMERS) as TimerName[]) {
    if (TIMER_STATE[name] !== state) continue;
    if (name === 'batchWindow' && context.trigger !== null) continue;
    const deadline = timerDeadline(name, context);
    if (deadline === null) continue;
    const spec = TIMERS[name];
    rows.push({ name, event: spec.event, startedAt: deadline - context.settings[spec.setting], deadline });
  }
  return rows;
}

function messageRow(message: ChatMessage): MessageRow {
  const content = message.content || `(${message.parts?.map((part) => part.kind).join(', ') ?? 'empty'})`;
  return {
    id: message.id,
    author: message.author.name,
    content: content.length > CONTENT_CHARS ? `${content.slice(0, CONTENT_CHARS)}…` : content,
    at: message.createdAt,
    mentionsBot: message.mentionsBot,
  };
}
