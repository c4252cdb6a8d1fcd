import type { ThreadRecord } from './thread-records.ts';

/**
 * The inspector's port onto what Ery persisted of a channel: its stored snapshot (shown for a
 * channel whose actor is not in memory) and its recent threads. Read-only. Adapter:
 * src/db/channel-history.ts (SQLite), which serves ops' `ActorHistory` too.
 */
export interface ChannelHistory {
  /** The channel's stored row (its snapshot parsed), or undefined when it has none. */
  stored(channelId: string): { snapshot: unknown } | undefined;
  /** The channel's last `limit` threads, newest first. */
  threads(channelId: string, limit: number): ThreadRecord[];
}
