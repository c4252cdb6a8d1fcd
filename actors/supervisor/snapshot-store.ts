import type { ChannelState, ThreadStatus, ThreadTrigger } from '../../machines/channel.types.ts';
import type { SnapshotDigest } from './checkpoint.ts';

/** One channel's persisted actor. */
export interface ChannelRecord {
  channelId: string;
  guildId: string;
  machineVersion: number;
  /** The machine's top-level state when written. */
  status: ChannelState;
  snapshot: unknown;
  /** Set when the stored snapshot could not even be read (not JSON): why, in words. */
  snapshotError?: string;
  /**
   * `snapshot` as JSON text, when the writer has it already (the restart bench's world, copied
   * from one text): the store writes it as is instead of serialising the snapshot again.
   */
  snapshotJson?: string;
  lastEventSeq: number;
  permitRequestedAt: number | null;
  updatedAt: number;
  reapedAt: number | null;
}

/** One processed event of a channel actor. */
export interface ChannelEventRecord {
  channelId: string;
  seq: number;
  at: number;
  type: string;
  event: unknown;
}

/**
 * What a channel's snapshot looked like right after event `seq` of its log, written with every
 * channel row: `ery replay --verify` replays the log and compares at each one.
 */
export interface ChannelCheckpointRecord {
  channelId: string;
  seq: number;
  /** When it was written (ms since the epoch). */
  at: number;
  machineVersion: number;
  digest: SnapshotDigest;
}

/** The fields of a thread row a tick may create or change. */
export interface ThreadRecord {
  id: string;
  channelId: string;
  guildId: string;
  trigger: ThreadTrigger;
  messageIds: string[];
  status: ThreadStatus;
  startedAt: number;
  endedAt: number | null;
  error: string | null;
  /** Set when the thread ends, if its agent reported usage. */
  model?: string | null;
  promptTokens?: number;
  completionTokens?: number;
}

/** Everything one write-behind tick commits, in one transaction. */
export interface PersistBatch {
  channels: ChannelRecord[];
  events: ChannelEventRecord[];
  threads: ThreadRecord[];
  /** Derived from the channel rows written, one for each row that marks a step of its channel (see `CheckpointSteps`). */
  checkpoints: ChannelCheckpointRecord[];
}

/**
 * The `SnapshotStore` port: where the supervisor persists channel actors. The SQLite adapter is
 * src/db/channel-store.ts; another database adds only its own adapter.
 */
export interface SnapshotStore {
  load(channelId: string): ChannelRecord | undefined;
  /** Channels that were not idle (nor reaped) when last written: resumed at start. */
  loadActive(): ChannelRecord[];
  /**
   * The highest sequence number in the channel's event log (0 when it has none). A channel that
   * failed logged events its row does not reflect; new events are numbered after them.
   */
  loggedSeq(channelId: string): number;
  /**
   * Writes one tick's changes, synchronously. The batch's arrays are the write-behind's own and
   * are emptied once this returns: a store that keeps anything must copy it.
   */
  write(batch: PersistBatch): void;
}
