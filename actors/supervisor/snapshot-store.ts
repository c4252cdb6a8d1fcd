import type { ChannelState, ThreadStatus, ThreadTrigger } from '../../machines/channel.types.ts';

/** One channel's persisted actor. */
export interface ChannelRecord {
  channelId: string;
  guildId: string;
  machineVersion: number;
  /** The machine's top-level state when written. */
  status: ChannelState;
  snapshot: unknown;
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
}

/**
 * The `SnapshotStore` port: where the supervisor persists channel actors. The SQLite adapter is
 * src/db/channel-store.ts; another database adds only its own adapter.
 */
export interface SnapshotStore {
  load(channelId: string): ChannelRecord | undefined;
  /** Channels that were not idle (nor reaped) when last written: resumed at start. */
  loadActive(): ChannelRecord[];
  write(batch: PersistBatch): void;
}
