import { desc, eq } from 'drizzle-orm';
import type { EryDatabase } from '../db/client.ts';
import { channelEvents, threads } from '../db/schema.ts';
import { streamEvent } from './event-text.ts';
import type { StreamEvent, ThreadRow } from './wire.ts';

/**
 * A channel's last `limit` persisted events, oldest first, as stream entries: what a page that
 * starts watching the channel sees before live events arrive. The log holds no state changes, so
 * these entries have no `from`/`to`.
 */
export function recentEvents(db: EryDatabase, channelId: string, limit: number): StreamEvent[] {
  return db
    .select({ at: channelEvents.at, event: channelEvents.event })
    .from(channelEvents)
    .where(eq(channelEvents.channelId, channelId))
    .orderBy(desc(channelEvents.seq))
    .limit(limit)
    .all()
    .reverse()
    .map((row) => streamEvent(row.at, row.event as { type: string }));
}

/** A channel's last `limit` threads, newest first. */
export function recentThreads(db: EryDatabase, channelId: string, limit: number): ThreadRow[] {
  return db
    .select()
    .from(threads)
    .where(eq(threads.channelId, channelId))
    .orderBy(desc(threads.startedAt))
    .limit(limit)
    .all()
    .map(({ messageIds: _ids, guildId: _guild, ...row }) => row);
}

/** One thread's row with the ids of the messages it answered, or null. */
export function threadRow(db: EryDatabase, threadId: string): (ThreadRow & { messageIds: string[] }) | null {
  const row = db.select().from(threads).where(eq(threads.id, threadId)).get();
  if (!row) return null;
  const { guildId: _guild, ...rest } = row;
  return rest;
}
