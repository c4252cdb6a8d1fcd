import type { ActorOrigin } from '../../actors/supervisor/actor-origin.ts';
import type { SnapshotDigest } from '../../actors/supervisor/checkpoint.ts';
import type { ChannelRecord } from '../../actors/supervisor/snapshot-store.ts';
import type { ThreadStatus, ThreadTrigger } from '../../machines/channel.types.ts';

/**
 * Everything stored about one channel that replay reads, as plain data: what `readChannelLog`
 * loads from SQLite, and what a web view can send or build itself. Replay never needs more.
 */
export interface ChannelLog {
  channelId: string;
  /** Its row: the latest snapshot, or null when only events are left. */
  row: ChannelRecord | null;
  /** Every logged event, by `seq`. */
  events: LoggedEvent[];
  /** Every checkpoint, by `seq`. */
  checkpoints: LoggedCheckpoint[];
  /** The channel's thread rows, by start. */
  threads: LoggedThread[];
  /** Each thread's recorded steps, in the order they were taken. */
  steps: Record<string, LoggedStep[]>;
}

/** One row of `channel_events`. `event` is the event as the actor received it. */
export interface LoggedEvent {
  seq: number;
  /** ms since the epoch: the time the machine read while processing it. */
  at: number;
  type: string;
  event: { type: string; origin?: ActorOrigin } & Record<string, unknown>;
}

/** One row of `channel_checkpoints`. */
export interface LoggedCheckpoint {
  seq: number;
  at: number;
  machineVersion: number;
  digest: SnapshotDigest;
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
}
