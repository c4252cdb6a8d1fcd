import { statusOf } from '../../actors/supervisor/channel-records.ts';
import { type TimerName, timerDeadline } from '../../machines/channel.timers.ts';
import type { ChannelContext, ChannelState, ThreadTrigger } from '../../machines/channel.types.ts';
import { sliceText } from '../domain/clip.ts';
import type { ChatMessage } from '../domain/message.ts';
import { compareSnowflakes } from '../domain/snowflake-order.ts';
import type { OpsView } from './ops-view.ts';

/** Message summaries shown per batch or queue, at most; `size` always counts every message. */
export const MAX_LISTED_MESSAGES = 50;
/** Characters of a message's text shown in a summary, at most (`truncated` says when more was cut). */
export const MAX_SUMMARY_CHARS = 200;

/** One item of a batch or queue, as `/api/actors` shows it. */
export interface MessageSummary {
  id: string;
  /**
   * What the item is: a `message`; a `reaction` on one of Ery's messages (`reaction` says which);
   * a member's `join` (for a welcome); or an `event` (a system message such as a pin). Only a
   * message is someone speaking.
   */
  kind: 'message' | 'reaction' | 'join' | 'event';
  /** For a reaction: the emoji and the id of Ery's message it was added to. */
  reaction?: { emoji: string; messageId: string };
  authorId: string;
  authorName: string;
  /** The text, cut to {@link MAX_SUMMARY_CHARS} characters (then `truncated` is true). */
  content: string;
  truncated: boolean;
  mentionsBot: boolean;
  /** When Discord created it, ms since the epoch. */
  createdAt: number;
}

/** A batch or a queue: how many messages, and the first {@link MAX_LISTED_MESSAGES} of them, oldest first. */
export interface MessageList {
  size: number;
  messages: MessageSummary[];
}

/**
 * When each of the channel machine's timers fires, in ms since the epoch; null when that timer is
 * not armed. At most one is armed at a time: `batchWindow` while a batch without a trigger
 * collects, `thread` while a thread runs (its deadline), `cooldown` after it, `idle` while idle
 * (then the actor is reaped).
 */
export type ActorDeadlines = Record<TimerName, number | null>;

/** The running thread of a channel. */
export interface ActorThread {
  id: string;
  trigger: ThreadTrigger;
  /** ms since the epoch. */
  startedAt: number;
}

/** One channel actor, as `GET /api/actors` lists it. */
export interface ActorSummary {
  channelId: string;
  guildId: string;
  /** The channel machine's top-level state: one of `idle`, `batching`, `running`, `cooldown`, `reaped`. */
  state: ChannelState;
  batch: MessageList;
  queue: MessageList;
  deadlines: ActorDeadlines;
  thread: ActorThread | null;
  /** Present and true for an idle channel passivated: stored, its actor out of memory until its next message. */
  passive?: true;
}

/** The state a timer is armed in; `batchWindow` only while the batch has met no trigger. */
const ARMED_IN: Record<TimerName, ChannelState> = {
  batchWindow: 'batching',
  thread: 'running',
  cooldown: 'cooldown',
  idle: 'idle',
};

/**
 * A channel actor's summary from its snapshot's `value` and `context`. With `live` false (a stored
 * actor not in memory) no timer is armed, so every deadline is null.
 */
export function actorSummary(value: unknown, context: ChannelContext, live = true): ActorSummary {
  const state = statusOf(value);
  const deadlines = {} as ActorDeadlines;
  for (const timer of Object.keys(ARMED_IN) as TimerName[]) {
    const armed = live && ARMED_IN[timer] === state && (timer !== 'batchWindow' || context.trigger === null);
    deadlines[timer] = armed ? timerDeadline(timer, context) : null;
  }
  const { thread } = context;
  return {
    channelId: context.channelId,
    guildId: context.guildId,
    state,
    batch: listOf(context.batch),
    queue: listOf(context.queue),
    deadlines,
    thread: thread ? { id: thread.id, trigger: thread.trigger, startedAt: thread.startedAt } : null,
  };
}

/** A passivated idle channel as `/api/actors` lists it: idle, empty, its idle timer's end known. */
export function passiveSummary(channel: {
  channelId: string;
  guildId: string;
  reapAt: number;
}): ActorSummary {
  const empty = { size: 0, messages: [] };
  return {
    channelId: channel.channelId,
    guildId: channel.guildId,
    state: 'idle',
    batch: empty,
    queue: empty,
    deadlines: { batchWindow: null, thread: null, cooldown: null, idle: channel.reapAt },
    thread: null,
    passive: true,
  };
}

function listOf(messages: readonly ChatMessage[]): MessageList {
  return {
    size: messages.length,
    messages: messages.slice(0, MAX_LISTED_MESSAGES).map((message) => ({
      id: message.id,
      kind: message.reaction ? 'reaction' : message.join ? 'join' : message.event ? 'event' : 'message',
      ...(message.reaction ? { reaction: message.reaction } : {}),
      authorId: message.author.id,
      authorName: message.author.name,
      content: sliceText(message.content, MAX_SUMMARY_CHARS),
      truncated: message.content.length > MAX_SUMMARY_CHARS,
      mentionsBot: message.mentionsBot,
      createdAt: message.createdAt,
    })),
  };
}

/**
 * Every channel actor of `view` (of one server when `guildId` is given), by channel id: the live
 * ones, and the idle ones passivated to storage (`passive: true`). For `GET /api/actors` and
 * `/ery status`.
 */
export function listActors(view: OpsView, guildId?: string): ActorSummary[] {
  const summaries: ActorSummary[] = [];
  for (const { channelId } of view.channels()) {
    const snapshot = view.actorOf(channelId)?.getSnapshot();
    if (snapshot) summaries.push(actorSummary(snapshot.value, snapshot.context));
  }
  for (const channel of view.passiveChannels?.() ?? []) summaries.push(passiveSummary(channel));
  return summaries
    .filter((summary) => guildId === undefined || summary.guildId === guildId)
    .sort((a, b) => compareSnowflakes(a.channelId, b.channelId));
}
