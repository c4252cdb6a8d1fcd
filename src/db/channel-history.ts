import { desc, eq, sql } from 'drizzle-orm';
import type { EryDatabase } from './client.ts';
import { channelEvents, channels, threads } from './schema.ts';

/** A channel's stored row, as far as a reader of its history needs it. */
export interface StoredChannel {
  guildId: string;
  status: string;
  snapshot: unknown;
  machineVersion: number;
  updatedAt: number;
  reapedAt: number | null;
}

/** One row of `channel_events`. */
export interface StoredEvent {
  seq: number;
  at: number;
  type: string;
  event: unknown;
}

/** One row of `threads`. */
export type StoredThread = typeof threads.$inferSelect;

/** Read-only access to what Ery persisted of one channel: its row, its event log, its threads. */
export interface ChannelHistory {
  stored(channelId: string): StoredChannel | undefined;
  /** The last `limit` events, oldest first. */
  events(channelId: string, limit: number): StoredEvent[];
  /** The last `limit` threads, newest first. */
  threads(channelId: string, limit: number): StoredThread[];
  /**
   * The `limit` channels reaped last, newest first. Reads every reaped row's time (no index on it):
   * ~40 ms at 90 000 reaped channels, so the inspector asks once per process.
   */
  reaped(limit: number): Array<{ channelId: string; guildId: string; reapedAt: number }>;
}

/**
 * A JSON column as stored, parsed; a value that is not JSON (damaged on disk or by hand) reads as
 * `{ unreadable }` saying so, so one bad row never fails the whole read (issue 11 §3).
 */
function storedJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    return { unreadable: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** {@link ChannelHistory} over Ery's SQLite database, with prepared statements (ops reads it on demand). */
export function createChannelHistory(db: EryDatabase): ChannelHistory {
  const channelId = sql.placeholder('channelId');
  const limit = sql.placeholder('limit');
  const stored = db
    .select({
      guildId: channels.guildId,
      status: channels.status,
      snapshot: sql<string>`${channels.snapshot}`,
      machineVersion: channels.machineVersion,
      updatedAt: channels.updatedAt,
      reapedAt: channels.reapedAt,
    })
    .from(channels)
    .where(eq(channels.channelId, channelId))
    .prepare();
  const events = db
    .select({
      seq: channelEvents.seq,
      at: channelEvents.at,
      type: channelEvents.type,
      event: sql<string>`${channelEvents.event}`,
    })
    .from(channelEvents)
    .where(eq(channelEvents.channelId, channelId))
    .orderBy(desc(channelEvents.seq))
    .limit(limit)
    .prepare();
  const recentThreads = db
    .select()
    .from(threads)
    .where(eq(threads.channelId, channelId))
    .orderBy(desc(threads.startedAt), desc(threads.id))
    .limit(limit)
    .prepare();
  const reaped = db
    .select({ channelId: channels.channelId, guildId: channels.guildId, reapedAt: channels.reapedAt })
    .from(channels)
    .where(eq(channels.status, 'reaped'))
    .orderBy(desc(channels.reapedAt))
    .limit(limit)
    .prepare();
  return {
    stored: (id) => {
      const row = stored.get({ channelId: id });
      return row && { ...row, snapshot: storedJson(row.snapshot) };
    },
    reaped: (count) => reaped.all({ limit: count }).map((row) => ({ ...row, reapedAt: row.reapedAt ?? 0 })),
    events: (id, count) =>
      events
        .all({ channelId: id, limit: count })
        .reverse()
        .map((row) => ({ ...row, event: storedJson(row.event) })),
    threads: (id, count) => recentThreads.all({ channelId: id, limit: count }),
  };
}
