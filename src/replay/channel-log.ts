import type { ActorOrigin } from '../../actors/supervisor/actor-origin.ts';
import type { SnapshotDigest } from '../../actors/supervisor/checkpoint.ts';
import type { ChannelRecord } from '../../actors/supervisor/snapshot-store.ts';
import type { ThreadStatus, ThreadTrigger } from '../../machines/channel.types.ts';

/**
 * Everything stored about one channel that replay reads, as plain data: what `channelLogOf`
 * collects from a `LogReader`, and what a web view can send or build itself. Replay never needs more.
 */
export interface ChannelLog {
  channelId: string;
  /** Its row: the latest snapshot, or null when only events are left. */
  row: LoggedRow | null;
  /** Every logged event, by `seq`. */
  events: LoggedEvent[];
  /** Every checkpoint, by `seq`. */
  checkpoints: LoggedCheckpoint[];
  /** The channel's thread rows, by start. */
  threads: LoggedThread[];
  /** Each thread's recorded steps, in the order they were taken. */
  steps: Record<string, LoggedStep[]>;
}

/** The `channels` row: its snapshot, or what is wrong with it when it cannot be read. */
export interface LoggedRow extends ChannelRecord {
  /** Set when `snapshot` could not be read (it is null then), saying why. */
  unreadable?: string;
}

/** One row of `channel_events`. `event` is the event as the actor received it. */
export interface LoggedEvent {
  seq: number;
  /** ms since the epoch: the time the machine read while processing it. */
  at: number;
  type: string;
  event: { type: string; origin?: ActorOrigin } & Record<string, unknown>;
  /**
   * Set when the row cannot be read (its event is not JSON, not an event, or its page of the
   * database is damaged), saying why; `event` is then only `{ type }`.
   */
  unreadable?: string;
}

/** One row of `channel_checkpoints`. */
export interface LoggedCheckpoint {
  seq: number;
  at: number;
  machineVersion: number;
  digest: SnapshotDigest;
  /** Set when the digest cannot be read, saying why. */
  unreadable?: string;
}

/** One row of `threads`. */
export interface LoggedThread {
  id: string;
  trigger: ThreadTrigger;
  status: ThreadStatus;
  messageIds: string[];
  startedAt: number;
  endedAt: number | null;
  error: string | null;
  model: string | null;
}

/** One row of `thread_steps`: a model reply (`callId` `model`) or a tool result. */
export interface LoggedStep {
  key: string;
  step: number;
  kind: 'model' | 'tool';
  payload: unknown;
  at: number;
  /** Set when the thread's steps cannot be read at all (a damaged page), saying why. */
  unreadable?: string;
}
