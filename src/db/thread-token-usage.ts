import { type BudgetReport, budgetWindows } from '../app/slash/budget-report.ts';
import type { EryDatabase } from './client.ts';

/**
 * The `BudgetReport` read from recorded usage: the `threads` table's prompt + completion tokens.
 * The server's count is every thread of the server started since 00:00 UTC; the member's is every
 * thread started this hour whose batch held one of the member's messages (their authors are read
 * from the recent-message buffer), each such thread counted whole. No caps.
 */
export function createThreadTokenUsage(db: EryDatabase): BudgetReport {
  const server = db.$client.query<{ tokens: number | null }, [string, number]>(
    `SELECT SUM(prompt_tokens + completion_tokens) AS tokens FROM threads
     WHERE guild_id = ? AND started_at >= ?`,
  );
  const member = db.$client.query<{ tokens: number | null }, [string, number, string]>(
    `SELECT SUM(t.prompt_tokens + t.completion_tokens) AS tokens FROM threads t
     WHERE t.guild_id = ? AND t.started_at >= ? AND EXISTS (
       SELECT 1 FROM json_each(t.message_ids) j
       JOIN recent_messages m ON m.channel_id = t.channel_id AND m.message_id = j.value
       WHERE json_extract(m.message, '$.author.id') = ?)`,
  );
  return {
    usage({ guildId, userId, now }) {
      const { dayStart, hourStart } = budgetWindows(now);
      return {
        server: { tokens: server.get(guildId, dayStart)?.tokens ?? 0, since: dayStart },
        member: { tokens: member.get(guildId, hourStart, userId)?.tokens ?? 0, since: hourStart },
      };
    },
  };
}
