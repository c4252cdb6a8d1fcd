import type { StepLog } from '../../actors/agent-thread/step-log.ts';
import type { EryDatabase } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { AuditRow, AuditSink } from '../tools/audit-sink.ts';
import { RetryingWrites } from './retrying-writes.ts';
import type { StorageHealth } from './storage-health.ts';

/** Where the retried stores report and log. */
export interface RetriedStoreParts {
  db: EryDatabase;
  health?: StorageHealth | undefined;
  logger: Logger;
}

/** A step log whose `put` writes before it returns (the SQLite one), so rows can share a transaction. */
type SyncStepLog = StepLog & { put(...args: Parameters<StepLog['put']>): void };

/** One `StepLog.put`. */
interface StepPut {
  key: string;
  threadId: string;
  step: number;
  kind: 'model' | 'tool';
  payload: unknown;
}

/**
 * The step log, kept going when the database refuses writes: a step it cannot store waits in
 * memory ({@link RetryingWrites}) and `get` finds it there, so the thread goes on and its channel
 * is answered. The step is durable only once written: a crash while the disk refuses writes loses
 * the steps still waiting (README, When things fail).
 */
export function retriedStepLog(inner: SyncStepLog, parts: RetriedStoreParts): StepLog {
  const writes = new RetryingWrites<StepPut>({
    store: 'steps',
    health: parts.health,
    logger: parts.logger,
    // Built once: a step is written at every model reply and tool result.
    write: parts.db.$client.transaction((rows: readonly StepPut[]) => {
      for (const row of rows) inner.put(row.key, row.threadId, row.step, row.kind, row.payload);
    }),
  });
  return {
    get(key) {
      // The first put of a key wins, as in the table.
      const waiting = writes.pending.find((row) => row.key === key);
      return waiting ? structuredClone(waiting.payload) : inner.get(key);
    },
    put(key, threadId, step, kind, payload) {
      writes.push({ key, threadId, step, kind, payload: structuredClone(payload) });
    },
  };
}

/**
 * The audit sink, kept going when the database refuses writes: rows wait in memory, in order,
 * and are written when it takes them again ({@link RetryingWrites}). Never throws.
 */
export function retriedAuditSink(inner: AuditSink, parts: RetriedStoreParts): AuditSink {
  const writes = new RetryingWrites<AuditRow>({
    store: 'audit',
    health: parts.health,
    logger: parts.logger,
    // Built once: an audit row is written at every tool call.
    write: parts.db.$client.transaction((rows: readonly AuditRow[]) => {
      for (const row of rows) inner.record(row);
    }),
  });
  return { record: (row) => writes.push(row) };
}
