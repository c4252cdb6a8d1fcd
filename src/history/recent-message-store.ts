import type { HistoryMessage } from '../discord/port.ts';

/**
 * One channel's buffer as stored: its recent messages (oldest first) and how far back it is
 * complete. `completeFrom` is the id from which every message of the channel is in `messages`
 * (`'0'`: back to the channel's first message), or null when nothing is known to be complete.
 */
export interface StoredBuffer {
  messages: HistoryMessage[];
  completeFrom: string | null;
}

/** What changed in one channel's buffer since it was last written. */
export interface BufferChange {
  channelId: string;
  /** Messages created or edited, to insert or replace by id. */
  upserts: HistoryMessage[];
  /** Ids of messages deleted, or dropped from the buffer for room. */
  removals: string[];
  completeFrom: string | null;
}

/**
 * The `RecentMessageStore` port: where the recent-message buffers live between restarts, so a
 * restarted Ery reads history without REST (issue 10). Owned by src/history; adapter:
 * src/db/recent-message-store.ts (SQLite). `write` applies every change atomically.
 */
export interface RecentMessageStore {
  /** The channel's stored buffer, or null when none was ever stored (or it was forgotten). */
  load(channelId: string): StoredBuffer | null;
  write(changes: readonly BufferChange[]): void;
  /** Forgets every stored buffer (after a gap in what the gateway delivered). */
  clear(): void;
}
