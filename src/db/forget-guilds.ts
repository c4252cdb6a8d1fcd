import { inArray } from 'drizzle-orm';
import type { EryDatabase } from './client.ts';
import { channelEvents, channels, threadSteps, threads } from './schema.ts';

/** How many rows {@link forgetGuilds} deleted, per table. */
export interface ForgottenRows {
  channels: number;
  channelEvents: number;
  threads: number;
  threadSteps: number;
}

/**
 * Deletes everything Ery stored about the channels of these servers: channel snapshots (so no batch
 * is resumed), their event logs, their agent threads and those threads' execution logs. Settings
 * (config overrides, server policies) and the audit log are kept. Used when the playground starts
 * again from its seed: its messages are gone, so a resumed batch would answer messages that no
 * longer exist (issue 7). One transaction.
 */
export function forgetGuilds(db: EryDatabase, guildIds: readonly string[]): ForgottenRows {
  if (guildIds.length === 0) return { channels: 0, channelEvents: 0, threads: 0, threadSteps: 0 };
  const ids = [...guildIds];
  return db.transaction((tx) => {
    const channelIds = tx
      .select({ id: channels.channelId })
      .from(channels)
      .where(inArray(channels.guildId, ids))
      .all()
      .map((row) => row.id);
    const threadIds = tx
      .select({ id: threads.id })
      .from(threads)
      .where(inArray(threads.guildId, ids))
      .all()
      .map((row) => row.id);
    const count = (deleted: unknown[]) => deleted.length;
    return {
      channelEvents: count(
        tx
          .delete(channelEvents)
          .where(inArray(channelEvents.channelId, channelIds))
          .returning({ seq: channelEvents.seq })
          .all(),
      ),
      threadSteps: count(
        tx
          .delete(threadSteps)
          .where(inArray(threadSteps.threadId, threadIds))
          .returning({ key: threadSteps.key })
          .all(),
      ),
      threads: count(
        tx.delete(threads).where(inArray(threads.guildId, ids)).returning({ id: threads.id }).all(),
      ),
      channels: count(
        tx.delete(channels).where(inArray(channels.guildId, ids)).returning({ id: channels.channelId }).all(),
      ),
    };
  });
}
