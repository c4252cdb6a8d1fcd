import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { AuditEntry } from '../inspector/thread-records.ts';
import type { AuditSink } from '../tools/audit-sink.ts';
import type { EryDatabase } from './client.ts';
import { auditLog } from './schema.ts';

/** The SQLite adapter of the {@link AuditSink} port: writes rows to `audit_log` with one prepared insert. */
export function createSqliteAuditSink(db: EryDatabase): AuditSink {
  if (!db) throw new TypeError('createSqliteAuditSink: db is required');
  // Raw prepared statement: drizzle's placeholders skip the JSON encoding of json-mode columns.
  const insert = db.$client.prepare(
    `INSERT INTO audit_log (thread_id, guild_id, channel_id, step, call_id, tool, arguments, requester_id,
       requested_by_message_id, decision, reason, outcome, result, error, duration_ms, at)
     VALUES ($threadId, $guildId, $channelId, $step, $callId, $tool, $arguments, $requesterId,
       $requestedByMessageId, $decision, $reason, $outcome, $result, $error, $durationMs, $at)`,
  );
  return {
    record(row) {
      insert.run({
        threadId: row.threadId,
        guildId: row.guildId,
        channelId: row.channelId,
        step: row.step,
        callId: row.callId,
        tool: row.tool,
        arguments: JSON.stringify(row.arguments ?? null),
        requesterId: row.requesterId,
        requestedByMessageId: row.requestedByMessageId,
        decision: row.decision,
        reason: row.reason,
        outcome: row.outcome,
        result: row.result === undefined || row.result === null ? null : JSON.stringify(row.result),
        error: row.error,
        durationMs: Math.max(0, Math.round(row.durationMs)),
        at: row.at,
      });
    },
  };
}

/** Reads audit rows, newest first, optionally for one thread or one guild. */
export function listAudit(
  db: EryDatabase,
  query: { threadId?: string; guildId?: string; limit: number },
): AuditEntry[] {
  const filters: SQL[] = [];
  if (query.threadId !== undefined) filters.push(eq(auditLog.threadId, query.threadId));
  if (query.guildId !== undefined) filters.push(eq(auditLog.guildId, query.guildId));
  return db
    .select()
    .from(auditLog)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.max(1, Math.floor(query.limit)))
    .all();
}
