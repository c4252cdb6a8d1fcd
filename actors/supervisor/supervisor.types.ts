import type { InspectionEvent } from 'xstate';
import type { ChannelContext, ChannelState } from '../../machines/channel.machine.ts';
import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import type { ChatMessage } from '../../src/domain/message.ts';
import type { Logger } from '../../src/logger.ts';
import type { AgentThreadLogic, ChannelActor } from '../channel-actor.ts';
import type { Clock } from '../clock.ts';
import type { PermitLimits } from './permits.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import type { ChannelResetReason } from './stored-channel.ts';

/** What the supervisor needs; every field but the optional ones is required at construction. */
export interface SupervisorOptions {
  store: SnapshotStore;
  agentThread: AgentThreadLogic;
  limits: PermitLimits;
  /** Settings for a channel, resolved global → server → channel. */
  settingsFor: (guildId: string, channelId: string) => ChannelSettings;
  clock?: Clock;
  logger?: Logger;
  /** Receives every inspection event of every channel actor (the live inspector listens here). */
  inspect?: (channelId: string, event: InspectionEvent) => void;
  /** Receives every inspection event of the supervisor's own lifecycle actor. */
  inspectLifecycle?: (event: InspectionEvent) => void;
  /**
   * How long a channel stays idle in memory before it is passivated: stopped and dropped, its idle
   * snapshot kept, restored on its next message or when its idle timeout is due (ms, default
   * 60 000; see ./passivation.ts). Not below 0; at or above the idle timeout it never happens.
   */
  passivateAfterMs?: number;
  /**
   * Called after a passivation sweep that stopped and dropped `count` channel actors (the app gives
   * the memory they held back to the system: src/app/memory-reclaim.ts). Must not throw.
   */
  onPassivated?: (count: number) => void;
  /** Delay of a write-behind tick in ms (default 0: one transaction per event-loop turn). */
  flushDelayMs?: number;
  /**
   * Called once per thread the channel machine stopped at its deadline, after a warning is
   * logged: the live agent tells whoever addressed Ery. A rejection is logged, never thrown.
   */
  onThreadTimedOut?: (thread: TimedOutThread) => void | Promise<void>;
  /** Hears of what the supervisor recovered from, for metrics (ops-metrics.ts); must not throw. */
  faults?: SupervisorFaults;
}

/** What the supervisor recovered from instead of failing: counted, each already logged. */
export interface SupervisorFaults {
  /** A stored channel could not be restored, and started fresh. */
  channelReset(reason: ChannelResetReason): void;
  /** An event was not handled: malformed, the supervisor stopped, or handling it failed. */
  eventDropped(reason: DropReason): void;
}

/** Why the supervisor dropped an event. */
export type DropReason = 'malformed' | 'stopped' | 'failed';

/** A thread the channel machine stopped at its deadline (`lastThread.status` `timed_out`). */
export interface TimedOutThread {
  channelId: string;
  guildId: string;
  threadId: string;
  /** The batch the thread was working on. */
  messages: ChatMessage[];
  /** When it had to be done, ms since the epoch. */
  deadline: number;
  timeoutMs: number;
}

/** Events the supervisor accepts. */
export type SupervisorEvent =
  | { type: 'message.received'; message: ChatMessage }
  /**
   * A message was edited (issue 12 §1). Sent on to its channel's actor only when that actor is in
   * memory: a channel not loaded is idle, with nothing waiting that an edit could change.
   */
  | { type: 'message.updated'; message: ChatMessage }
  /** Messages of a channel were deleted; as for edits, only a channel in memory is told. */
  | { type: 'message.deleted'; channelId: string; messageIds: string[] }
  /** A reaction on one of Ery's messages, as a batch item (`message.reaction` set): routed like a message. */
  | { type: 'reaction.added'; message: ChatMessage }
  /** A member joined, as a batch item for the welcome channel (`message.join` set): routed like a message. */
  | { type: 'member.joined'; message: ChatMessage }
  /** Settings changed for these channels (all live ones when omitted): re-resolve and push. */
  | { type: 'config.updated'; channelIds?: string[] }
  | { type: 'limits.updated'; limits: PermitLimits }
  /** The channel was deleted on Discord (a thread): its actor, live or passive, is reaped. */
  | { type: 'channel.deleted'; channelId: string };

/** A live channel as the ops server and inspector show it. */
export interface ChannelSummary {
  channelId: string;
  guildId: string;
  status: ChannelState;
  batch: number;
  queue: number;
  threadId: string | null;
  waitingForPermit: boolean;
}

/** A channel actor held in memory, with what the supervisor last saw of it. */
export interface LiveChannel {
  actor: ChannelActor;
  guildId: string;
  context: ChannelContext;
  status: ChannelState;
  eventSeq: number;
}
