import { inArray } from 'drizzle-orm';
import type { EryDatabase } from './client.ts';
import {
  budgetNotices,
  channelCheckpoints,
  channelEvents,
  channels,
  memberJoins,
  recentMessageBuffers,
  recentMessages,
  threadSteps,
  threads,
  tokenUsage,
} from './schema.ts';

/** How many rows {@link forgetGuilds} deleted, per table. */
export interface ForgottenRows {
  channels: number;
  channelEvents: number;
  channelCheckpoints: number;
  threads: number;
  threadSteps: number;
  recentMessages: number;
  /** Model calls counted against its spend caps (their members' shares go with them). */
  tokenUsage: number;
  /** "Budget spent" notices it was given. */
  budgetNotices: number;
  /** Joins it saw (welcomed or counted toward a raid). */
  memberJoins: number;
}

/**
 * Deletes everything Ery stored about the channels of these servers: channel snapshots (so no batch
 * is resumed), their event logs and checkpoints, their recent messages, their agent threads and
 * those threads' execution logs, the usage and notices of its spend caps, and the joins it saw. Settings
 * (config overrides, server policies, budget limits) and the audit log are kept. Used when the playground starts
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
      tokenUsage: 0,
      budgetNotices: 0,
      memberJoins: 0,
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
    const usage = tx
      .delete(tokenUsage)
      .where(inArray(tokenUsage.guildId, ids))
      .returning({ id: tokenUsage.id })
      .all();
    const notices = tx
      .delete(budgetNotices)
      .where(inArray(budgetNotices.guildId, ids))
      .returning({ at: budgetNotices.at })
      .all();
    const joins = tx
      .delete(memberJoins)
      .where(inArray(memberJoins.guildId, ids))
      .returning({ at: memberJoins.seenAt })
      .all();
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
      tokenUsage: usage.length,
      budgetNotices: notices.length,
      memberJoins: joins.length,
    };
  });
}
