import { desc, eq, sql } from 'drizzle-orm';
import type { ActorHistory } from '../app/ops-actor-detail.ts';
import type { ReapedChannel } from '../app/recently-reaped.ts';
import type { ChannelHistory } from '../inspector/channel-history.ts';
import type { EryDatabase } from './client.ts';
import { channelEvents, channels, threads } from './schema.ts';

/** The ports {@link createChannelHistory} serves, and the channels reaped last for `RecentlyReaped`. */
export type SqliteChannelHistory = ActorHistory &
  ChannelHistory & {
    /** The `limit` channels reaped last, newest first. */
    reaped(limit: number): ReapedChannel[];
  };

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

/**
 * Read-only access to what Ery persisted of each channel, over Ery's SQLite database with prepared
 * statements (read on demand): its row, its last events (oldest first), its last threads (newest
 * first), and the channels reaped last (newest first). It serves ops' `ActorHistory`
 * (src/app/ops-actor-detail.ts), the inspector's `ChannelHistory` (src/inspector/channel-history.ts)
 * and the stored list of `RecentlyReaped`. `reaped` reads every reaped row's time (no index on it):
 * ~40 ms at 90 000 reaped channels, so the inspector asks once per process.
 */
export function createChannelHistory(db: EryDatabase): SqliteChannelHistory {
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
