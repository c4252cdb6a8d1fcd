import type { StepLog } from '../../actors/agent-thread/step-log.ts';
import type { SqliteStepLog } from '../db/step-log.ts';
import type { AuditSink } from '../tools/audit-sink.ts';
import type { WriteGroup } from './write-group.ts';

/** What the step log needs of its store: a write of a payload already in JSON text. */
type TextStepLog = Pick<SqliteStepLog, 'get' | 'putText'>;

/** One `StepLog.put`, its payload as JSON text. */
interface StepPut {
  key: string;
  threadId: string;
  step: number;
  kind: 'model' | 'tool';
  payload: string | undefined;
}

/**
 * The step log over a {@link WriteGroup}: a step is written in the group's next transaction, as
 * soon as the code that put it has run on, and `put` resolves once it is on disk, so the thread,
 * which awaits it, acts on no result that a crash could lose. When the database refuses writes a step waits in memory (the group retries it)
 * and `get` finds it there, so the thread goes on and its channel is answered; it is durable only
 * once written: a crash while the disk refuses writes loses the steps still waiting (README, When
 * things fail). The payload is kept as the JSON text the table stores, taken at `put`: later
 * changes to the object cannot reach it, and a waiting step reads back as a stored one does.
 */
export function retriedStepLog(inner: TextStepLog, group: WriteGroup): StepLog {
  const writes = group.lane<StepPut>({
    store: 'steps',
    due: 'now',
    write: (rows) => {
      for (const row of rows) inner.putText(row.key, row.threadId, row.step, row.kind, row.payload);
    },
  });
  return {
    get(key) {
      // The first put of a key wins, as in the table.
      const waiting = writes.pending.find((row) => row.key === key);
      if (!waiting) return inner.get(key);
      return waiting.payload === undefined ? undefined : JSON.parse(waiting.payload);
    },
    put: (key, threadId, step, kind, payload) =>
      writes.push({ key, threadId, step, kind, payload: JSON.stringify(payload) }),
  };
}

/**
 * The audit sink over a {@link WriteGroup}: a row is written with the next step (the result of the
 * call it audits, put right after it), or at the end of the event loop's turn when none comes; kept
 * in memory, in order, while the database refuses writes. Never throws.
 */
export function retriedAuditSink(inner: AuditSink, group: WriteGroup): AuditSink {
  const writes = group.lane<Parameters<AuditSink['record']>[0]>({
    store: 'audit',
    due: 'turn',
    write: (rows) => {
      for (const row of rows) inner.record(row);
    },
  });
  return {
    record: (row) => {
      void writes.push(row);
    },
  };
}
