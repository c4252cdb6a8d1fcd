import { eq } from 'drizzle-orm';
import type { ThreadRecords } from '../inspector/thread-records.ts';
import { listAudit } from './audit-log.ts';
import type { EryDatabase } from './client.ts';
import { threads } from './schema.ts';
import { SqliteStepLog } from './step-log.ts';

/**
 * The inspector's {@link ThreadRecords} port over Ery's SQLite database: the `threads` row, the
 * `thread_steps` rows (as {@link SqliteStepLog} lists them) and the `audit_log` rows of a thread.
 */
export function createThreadRecords(db: EryDatabase): ThreadRecords {
  const steps = new SqliteStepLog(db);
  return {
    thread: (threadId) => db.select().from(threads).where(eq(threads.id, threadId)).get(),
    steps: (threadId) => steps.forThread(threadId),
    audit: (threadId, limit) => listAudit(db, { threadId, limit }),
  };
}
