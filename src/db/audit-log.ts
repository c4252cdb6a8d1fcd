import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { EryDatabase } from './client.ts';
import { auditLog } from './schema.ts';

/** How the authorisation step judged a tool call. */
export type AuditDecision = 'allowed' | 'denied' | 'invalid';
/** What happened after the decision: the action ran (`ok` / `error`) or never ran (`skipped`). */
export type AuditOutcome = 'ok' | 'error' | 'skipped';

/** One tool call as the audit log keeps it. */
export interface AuditRow {
  threadId: string;
  guildId: string;
  channelId: string;
  step: number;
  callId: string;
  /** The tool name as the model wrote it, even when no such tool exists. */
  tool: string;
  /** The arguments as the model sent them: parsed JSON, or the raw text when it was not JSON. */
  arguments: unknown;
  requesterId: string | null;
  requestedByMessageId: string | null;
  decision: AuditDecision;
  /** Why the call was denied or invalid, in words a moderator can read. */
  reason: string | null;
  outcome: AuditOutcome;
  result: unknown;
  error: string | null;
  durationMs: number;
  /** When the call finished, in ms since the epoch. */
  at: number;
}

/** A stored audit row with its id. */
export interface AuditEntry extends AuditRow {
  id: number;
}

/**
 * Where the tool executor writes audit rows. `record` is synchronous so a row is on disk before the
 * executor returns the result to the model.
 */
export interface AuditSink {
  record(row: AuditRow): void;
}

/** Writes audit rows to the `audit_log` table with one prepared insert. */
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

/** An audit sink that keeps rows in memory: for tests and the playground. */
export function createMemoryAuditSink(): AuditSink & { readonly rows: AuditRow[] } {
  const rows: AuditRow[] = [];
  return {
    rows,
    record(row) {
      rows.push(structuredClone(row));
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
