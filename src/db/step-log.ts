import { eq, sql } from 'drizzle-orm';
import type { EryDatabase } from './client.ts';
import { threadSteps } from './schema.ts';

/** One recorded step, as stored. */
export interface StepRow {
  key: string;
  threadId: string;
  step: number;
  kind: 'model' | 'tool';
  payload: unknown;
  at: number;
}

/**
 * The agent's durable step log over the `thread_steps` table (it satisfies the `StepLog` port of
 * actors/agent-thread). Writes are synchronous, one insert per step: a result must be on disk
 * before the next step acts, or a crash could repeat a Discord side effect. The first write of a
 * key wins, so a replayed step never overwrites what really happened.
 */
export class SqliteStepLog {
  readonly #db: EryDatabase;
  readonly #select;
  readonly #insert;

  constructor(db: EryDatabase, options: { now?: () => number } = {}) {
    if (!db) throw new TypeError('SqliteStepLog: db is required');
    this.#db = db;
    const now = options.now ?? Date.now;
    this.#select = db
      .select({ payload: threadSteps.payload })
      .from(threadSteps)
      .where(eq(threadSteps.key, sql.placeholder('key')))
      .prepare();
    this.#insert = (row: Omit<StepRow, 'at'>) =>
      db
        .insert(threadSteps)
        .values({ ...row, at: now() })
        .onConflictDoNothing({ target: threadSteps.key })
        .run();
  }

  get(key: string): unknown | undefined {
    return this.#select.get({ key })?.payload;
  }

  put(key: string, threadId: string, step: number, kind: 'model' | 'tool', payload: unknown): void {
    this.#insert({ key, threadId, step, kind, payload });
  }

  /** Every recorded step of a thread in order, for the inspector and replay. */
  forThread(threadId: string): StepRow[] {
    return this.#db
      .select()
      .from(threadSteps)
      .where(eq(threadSteps.threadId, threadId))
      .orderBy(threadSteps.step, sql`rowid`)
      .all() as StepRow[];
  }
}

/** Creates the SQLite step log; see {@link SqliteStepLog}. */
export function createSqliteStepLog(db: EryDatabase, options: { now?: () => number } = {}): SqliteStepLog {
  return new SqliteStepLog(db, options);
}
