import type { HistoryThread } from '../app/ops-actor-detail.ts';
import type { AuditRow } from '../tools/audit-sink.ts';

/** A thread's row as Ery stored it: the ops history's thread, with its channel and server. */
export interface ThreadRecord extends HistoryThread {
  channelId: string;
  guildId: string;
}

/** One recorded step of a thread (the agent's step log): a model reply or a tool result. */
export interface RecordedStep {
  key: string;
  threadId: string;
  step: number;
  kind: 'model' | 'tool';
  /** The record as the agent wrote it (actors/agent-thread/step-records.ts reads it). */
  payload: unknown;
  /** ms since the epoch. */
  at: number;
}

/** A stored audit row with its id. */
export interface AuditEntry extends AuditRow {
  id: number;
}

/**
 * The inspector's port onto what Ery recorded of one thread, for its detail view: the thread row,
 * its recorded steps and its audit rows. Read-only. Adapter: src/db/thread-records.ts (SQLite).
 */
export interface ThreadRecords {
  /** The thread's row, or undefined when no such thread was stored. */
  thread(threadId: string): ThreadRecord | undefined;
  /** Every recorded step of the thread, by step then in the order written. */
  steps(threadId: string): RecordedStep[];
  /** The thread's last `limit` audit rows, newest first. */
  audit(threadId: string, limit: number): AuditEntry[];
}
