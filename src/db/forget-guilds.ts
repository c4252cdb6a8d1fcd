import { inArray } from 'drizzle-orm';
import type { EryDatabase } from './client.ts';
import {
  channelCheckpoints,
  channelEvents,
  channels,
  recentMessageBuffers,
  recentMessages,
  threadSteps,
  threads,
} from './schema.ts';

/** How many rows {@link forgetGuilds} deleted, per table. */
export interface ForgottenRows {
  channels: number;
  channelEvents: number;
  channelCheckpoints: number;
  threads: number;
  threadSteps: number;
  recentMessages: number;
}

/**
 * Deletes everything Ery stored about the channels of these servers: channel snapshots (so no batch
 * is resumed), their event logs and checkpoints, their recent messages, their agent threads and
 * those threads' execution logs. Settings
 * (config overrides, server policies) and the audit log are kept. Used when the playground starts
 * again from its seed: its messages are gone, so a resumed batch would answer messages that no
 * longer exist (issue 7). One transaction.
 */
export function forgetGuilds(db: EryDatabase, guildIds: readonly string[]): ForgottenRows {
  const ids = [...guildIds];
  if (ids.length === 0)
    return {
      channels: 0,
      channelEvents: 0,
      channelCheckpoints: 0,
      threads: 0,
      threadSteps: 0,
      recentMessages: 0,
    };
  return db.transaction((tx) => {
    // Logs first: they are found through the rows deleted after them.
    const channelsOf = tx
      .select({ id: channels.channelId })
      .from(channels)
      .where(inArray(channels.guildId, ids));
    const threadsOf = tx.select({ id: threads.id }).from(threads).where(inArray(threads.guildId, ids));
    const events = tx
      .delete(channelEvents)
      .where(inArray(channelEvents.channelId, channelsOf))
      .returning({ seq: channelEvents.seq })
      .all();
    const recent = tx
      .delete(recentMessages)
      .where(inArray(recentMessages.channelId, channelsOf))
      .returning({ id: recentMessages.messageId })
      .all();
    tx.delete(recentMessageBuffers).where(inArray(recentMessageBuffers.channelId, channelsOf)).run();
    const checkpoints = tx
      .delete(channelCheckpoints)
      .where(inArray(channelCheckpoints.channelId, channelsOf))
      .returning({ seq: channelCheckpoints.seq })
      .all();
    const steps = tx
      .delete(threadSteps)
      .where(inArray(threadSteps.threadId, threadsOf))
      .returning({ key: threadSteps.key })
      .all();
    const gone = tx.delete(threads).where(inArray(threads.guildId, ids)).returning({ id: threads.id }).all();
    const rows = tx
      .delete(channels)
      .where(inArray(channels.guildId, ids))
      .returning({ id: channels.channelId })
      .all();
    return {
      channelEvents: events.length,
      recentMessages: recent.length,
      channelCheckpoints: checkpoints.length,
      threadSteps: steps.length,
      threads: gone.length,
      channels: rows.length,
    };
  });
}
