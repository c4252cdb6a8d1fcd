import { eq, sql } from 'drizzle-orm';
import type { RecordedStep } from '../inspector/thread-records.ts';
import type { EryDatabase } from './client.ts';
import { threadSteps } from './schema.ts';

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
    // Raw and prepared once, like the insert: a thread reads a key before each model call, budget
    // decision and tool call, and drizzle's mapping of each read cost more than SQLite's lookup.
    this.#select = db.$client.query<{ payload: string | null }, [string]>(
      'SELECT payload FROM thread_steps WHERE key = ?',
    );
    // Raw and prepared once: a thread writes a step per model reply and per tool result, and
    // building the insert through drizzle each time cost more than SQLite's write (drizzle's
    // placeholders would also skip the JSON encoding of the json-mode payload).
    const insert = db.$client.prepare(
      `INSERT INTO thread_steps (key, thread_id, step, kind, payload, at)
       VALUES ($key, $threadId, $step, $kind, $payload, $at) ON CONFLICT (key) DO NOTHING`,
    );
    this.#insert = (row: Omit<RecordedStep, 'at' | 'payload'> & { payload: string | undefined }) =>
      // undefined binds as NULL, which the column refuses, as it did before the text was split out.
      insert.run({ ...row, payload: row.payload ?? null, at: now() });
  }

  get(key: string): unknown | undefined {
    const row = this.#select.get(key);
    if (row === null) return undefined;
    // As drizzle's json mode reads the column: NULL stays null, text is parsed.
    return row.payload === null ? null : JSON.parse(row.payload);
  }

  put(key: string, threadId: string, step: number, kind: 'model' | 'tool', payload: unknown): void {
    this.putText(key, threadId, step, kind, JSON.stringify(payload));
  }

  /**
   * {@link put} of a payload already written as JSON text (`JSON.stringify` of it), for a writer
   * that keeps the text while the row waits (src/app/retried-stores.ts).
   */
  putText(
    key: string,
    threadId: string,
    step: number,
    kind: 'model' | 'tool',
    payload: string | undefined,
  ): void {
    this.#insert({ key, threadId, step, kind, payload });
  }

  /** Every recorded step of a thread in order, for the inspector and replay. */
  forThread(threadId: string): RecordedStep[] {
    return this.#db
      .select()
      .from(threadSteps)
      .where(eq(threadSteps.threadId, threadId))
      .orderBy(threadSteps.step, sql`rowid`)
      .all() as RecordedStep[];
  }
}

/** Creates the SQLite step log; see {@link SqliteStepLog}. */
export function createSqliteStepLog(db: EryDatabase, options: { now?: () => number } = {}): SqliteStepLog {
  return new SqliteStepLog(db, options);
}
