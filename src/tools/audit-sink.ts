import type { DecisionKind } from './decision.ts';

/** What happened after the decision: the action ran (`ok` / `error`) or never ran (`skipped`). */
export const AUDIT_OUTCOMES = ['ok', 'error', 'skipped'] as const;
/** One of {@link AUDIT_OUTCOMES}. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

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
  /** How the parse and authorise stages judged the call (./decision.ts). */
  decision: DecisionKind;
  /** Why the call was denied or invalid, in words a moderator can read. */
  reason: string | null;
  outcome: AuditOutcome;
  result: unknown;
  error: string | null;
  durationMs: number;
  /** When the call finished, in ms since the epoch. */
  at: number;
}

/**
 * The `AuditSink` port: where the tool executor writes audit rows. `record` is synchronous so a row
 * is stored before the executor returns the result to the model. Adapters: SQLite
 * (src/db/audit-log.ts) and {@link createMemoryAuditSink}.
 */
export interface AuditSink {
  record(row: AuditRow): void;
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
