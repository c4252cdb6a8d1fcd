import type { ChannelSettings } from '../src/domain/channel-settings.ts';
import type { ChatMessage } from '../src/domain/message.ts';

/**
 * The channel machine's top-level states, in the order a channel passes through them. The machine
 * (channel.machine.ts) is checked against this list at compile time; the database column, the
 * resume query and the ops metrics read it from here.
 */
export const CHANNEL_STATES = ['idle', 'batching', 'running', 'cooldown', 'reaped'] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];

/** States a live channel actor can be in: `reaped` is final, the actor is gone. */
export const LIVE_CHANNEL_STATES = [
  'idle',
  'batching',
  'running',
  'cooldown',
] as const satisfies readonly ChannelState[];

/** States with work in hand (a batch, a thread, a cooldown): channels stored in them resume at start. */
export const ACTIVE_CHANNEL_STATES = [
  'batching',
  'running',
  'cooldown',
] as const satisfies readonly ChannelState[];

/** Why a batch became a thread. `queue`: messages queued during a thread met a trigger when it ended. */
export const THREAD_TRIGGERS = ['count', 'window', 'mention', 'queue'] as const;
export type ThreadTrigger = (typeof THREAD_TRIGGERS)[number];

/** How a thread ended: `lastThread.status`. */
export const THREAD_END_STATUSES = ['done', 'failed', 'timed_out'] as const;
export type ThreadEndStatus = (typeof THREAD_END_STATUSES)[number];

/** A thread's status as the thread row stores it: `running`, then how it ended. */
export const THREAD_STATUSES = ['running', ...THREAD_END_STATUSES] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/** The thread currently running in a channel. */
export interface ThreadRun {
  id: string;
  trigger: ThreadTrigger;
  messages: ChatMessage[];
  startedAt: number;
  /**
   * When the thread was last resumed after a restart (ms since the epoch): its deadline counts from
   * here, so the time Ery was down does not use it up. Absent for a thread never resumed.
   */
  resumedAt?: number;
}

/** How the channel's last thread ended. */
export interface ThreadOutcome {
  id: string;
  status: ThreadEndStatus;
  endedAt: number;
  error: string | null;
  output: ThreadReport | null;
}

/** Tokens a thread's model replies used. */
export interface ThreadUsage {
  promptTokens: number;
  completionTokens: number;
}

/**
 * What the channel contract reads of a finished `agentThread`'s output; the machine keeps the whole
 * output on `lastThread`, and the supervisor writes `model` and `usage` to the thread row. An agent
 * that calls no model (the stand-in) reports neither.
 */
export interface ThreadReport {
  threadId: string;
  /** The model that gave the thread's last reply. */
  model?: string | null;
  usage?: ThreadUsage;
}

/** The input the channel machine passes to the `agentThread` actor. */
export interface AgentThreadInput {
  channelId: string;
  guildId: string;
  messages: ChatMessage[];
  threadId: string;
  trigger: ThreadTrigger;
  /** When the thread must have finished (ms since the epoch); the machine stops it then. */
  deadline: number;
}

export interface ChannelContext {
  channelId: string;
  guildId: string;
  settings: ChannelSettings;
  /**
   * When true, a ready batch waits in `batching` until the supervisor sends `permit.granted`;
   * the supervisor uses this to cap concurrent threads. Standalone, a ready batch runs at once.
   */
  permitRequired: boolean;
  /** Messages of the batch being collected. */
  batch: ChatMessage[];
  /** When the batch opened; with `settings.batchWindowMs` this gives its deadline. */
  batchOpenedAt: number | null;
  /** The trigger the batch has met, if any; a batch with a trigger waits only for a permit. */
  trigger: ThreadTrigger | null;
  /** Messages received while a thread runs or cools down; they become the next batch. */
  queue: ChatMessage[];
  /** When the first queued message arrived: the next batch's window counts from it. */
  queueOpenedAt: number | null;
  thread: ThreadRun | null;
  lastThread: ThreadOutcome | null;
  threadsRun: number;
  threadsFailed: number;
  cooldownStartedAt: number | null;
  idleSince: number | null;
  /**
   * The newest message id this channel received (snowflake), persisted with the snapshot: after
   * downtime, catch-up reads Discord from here, so a message the snapshot holds is never fed twice
   * and one it missed is (issue 11 §1). Absent from snapshots written before it existed (null).
   */
  lastMessageId?: string | null;
}

export interface ChannelInput {
  channelId: string;
  guildId: string;
  settings?: Partial<ChannelSettings>;
  permitRequired?: boolean;
}

/** Events the channel machine accepts. Timer events are raised by the machine itself. */
export type ChannelEvent =
  | { type: 'message.received'; message: ChatMessage }
  /**
   * A message of this channel was edited (issue 12 §1). A copy waiting in the batch or the queue is
   * replaced (same id, new content and parts); an edit adding a mention of Ery to a batched message
   * starts the batch at once, as the mention would have. Any other message (in the running thread,
   * already answered, never seen) is left alone: an edit never starts a second answer; the
   * channel's history shows it, marked.
   */
  | { type: 'message.updated'; message: ChatMessage }
  /** Messages of this channel were deleted (one, or a bulk delete): dropped from the batch and queue. */
  | { type: 'message.deleted'; messageIds: string[] }
  /**
   * Someone reacted to one of Ery's messages: `message` is the reaction as a batch item
   * (`message.reaction` set). It joins the batch or queue like a message but never fills a batch
   * and never addresses Ery by itself.
   */
  | { type: 'reaction.added'; message: ChatMessage }
  /**
   * A member joined and the server's policy has the model welcome them in this channel: `message` is
   * the join as a batch item (`message.join` set). Like a reaction it joins the batch or queue but
   * never fills a batch and never addresses Ery; it runs with the next batch or when the window passes.
   */
  | { type: 'member.joined'; message: ChatMessage }
  | { type: 'config.updated'; settings: Partial<ChannelSettings> }
  | { type: 'permit.granted' }
  /** Sent after a restore: XState does not persist timers, so the machine arms them again. */
  | { type: 'timers.rearm' }
  | { type: 'batch.window.elapsed' }
  | { type: 'cooldown.elapsed' }
  | { type: 'idle.elapsed' }
  | { type: 'thread.deadline.elapsed' }
  /**
   * The channel is gone from Discord (a thread or forum post deleted): whatever state it is in, the
   * actor ends in `reaped`; a running thread is stopped and recorded as failed.
   */
  | { type: 'channel.deleted' };
