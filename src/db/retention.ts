import type { EryDatabase } from './client.ts';

/** Rows deleted per statement: one batch holds the event loop for a few ms at most. */
export const PRUNE_BATCH_ROWS = 500;

/** Rows pruned, by table. */
export interface PruneCounts {
  channelEvents: number;
  channelCheckpoints: number;
  threads: number;
  threadSteps: number;
  auditLog: number;
  /** `token_usage` rows, their `member_token_charges` going with them. */
  tokenUsage: number;
  budgetNotices: number;
  /** `member_joins` rows: Discord replays a join only within a session, minutes, never days. */
  memberJoins: number;
}

/** Where a channel's kept log begins: an actor start (`xstate.init`), its `seq` and `at`. */
interface Boundary {
  channelId: string;
  seq: number;
  at: number;
}

/**
 * Deletes, in batches of at most `batchRows` rows per statement, what the retention window no
 * longer covers (issue 11 §7), and never what a channel still needs:
 * - `channel_events` and `channel_checkpoints` of a channel only before the actor start
 *   (`xstate.init`, fresh or restored, which carries the snapshot it resumed from) of the first
 *   actor whose events reach into the window (the last actor, when none does). The log so still begins with an actor's start (what `ery replay` needs to rebuild
 *   any later state), the current actor's events are all kept, and the highest `seq` stays, so
 *   new events are numbered after it (`SnapshotStore.loggedSeq`);
 * - `threads` that ended before that start and before `cutoff` (a running thread, or one a kept
 *   actor may run again, stays), with their `thread_steps`;
 * - `audit_log` rows older than `cutoff`;
 * - `token_usage` (with its `member_token_charges`) and `budget_notices` older than `cutoff`: a
 *   spend window is a day at most (src/budgets/), and `ERY_RETENTION_DAYS` is a whole number of
 *   days, so no open window loses a row;
 * - `member_joins` seen before `cutoff` (a join is replayed within a gateway session, not days later).
 *
 * A generator: each `yield` comes after one batch, so the caller can give the event loop back
 * between batches. Returns the counts.
 *
 * @param cutoff ms since the epoch: rows older than this may go.
 */
export function* pruneBefore(
  db: EryDatabase,
  cutoff: number,
  batchRows = PRUNE_BATCH_ROWS,
): Generator<void, PruneCounts> {
  const sqlite = db.$client;
  const counts: PruneCounts = {
    channelEvents: 0,
    channelCheckpoints: 0,
    threads: 0,
    threadSteps: 0,
    auditLog: 0,
    tokenUsage: 0,
    budgetNotices: 0,
    memberJoins: 0,
  };
  // Per channel, the last actor start at or before its first event inside the window (its last
  // start of all when the whole log is older), kept only when something lies before it.
  const boundaries = sqlite
    .query<Boundary, [number]>(
      `SELECT i.channel_id AS channelId, max(i.seq) AS seq, max(i.at) AS at FROM channel_events i
       WHERE i.type = 'xstate.init' AND i.seq <= coalesce((SELECT e.seq FROM channel_events e
         WHERE e.channel_id = i.channel_id AND e.at >= ?1 ORDER BY e.seq LIMIT 1), i.seq)
       GROUP BY i.channel_id
       HAVING max(i.seq) > (SELECT min(f.seq) FROM channel_events f WHERE f.channel_id = i.channel_id)`,
    )
    .all(cutoff);
  const deleteEvents = sqlite.prepare<unknown, [string, number, number]>(
    `DELETE FROM channel_events WHERE rowid IN
       (SELECT rowid FROM channel_events WHERE channel_id = ? AND seq < ? LIMIT ?)`,
  );
  const deleteCheckpoints = sqlite.prepare<unknown, [string, number, number]>(
    `DELETE FROM channel_checkpoints WHERE rowid IN
       (SELECT rowid FROM channel_checkpoints WHERE channel_id = ? AND seq < ? LIMIT ?)`,
  );
  const selectThreads = sqlite.prepare<{ id: string }, [string, number, number]>(
    `SELECT id FROM threads WHERE channel_id = ? AND status != 'running' AND ended_at < ? LIMIT ?`,
  );
  const deleteSteps = sqlite.prepare<unknown, [string]>('DELETE FROM thread_steps WHERE thread_id = ?');
  const deleteThread = sqlite.prepare<unknown, [string]>('DELETE FROM threads WHERE id = ?');
  for (const { channelId, seq, at } of boundaries) {
    counts.channelEvents += yield* batches(
      () => deleteEvents.run(channelId, seq, batchRows).changes,
      batchRows,
    );
    counts.channelCheckpoints += yield* batches(
      () => deleteCheckpoints.run(channelId, seq, batchRows).changes,
      batchRows,
    );
    counts.threads += yield* batches(() => {
      const ids = selectThreads.all(channelId, Math.min(at, cutoff), batchRows).map((row) => row.id);
      sqlite.transaction(() => {
        for (const id of ids) counts.threadSteps += deleteSteps.run(id).changes;
        for (const id of ids) deleteThread.run(id);
      })();
      return ids.length;
    }, batchRows);
  }
  const deleteAudit = sqlite.prepare<unknown, [number, number]>(
    'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY id LIMIT ?)',
  );
  counts.auditLog += yield* batches(() => deleteAudit.run(cutoff, batchRows).changes, batchRows);
  const selectUsage = sqlite.prepare<{ id: number }, [number, number]>(
    'SELECT id FROM token_usage WHERE at < ? ORDER BY id LIMIT ?',
  );
  const deleteCharges = sqlite.prepare<unknown, [number]>(
    'DELETE FROM member_token_charges WHERE usage_id = ?',
  );
  const deleteUsage = sqlite.prepare<unknown, [number]>('DELETE FROM token_usage WHERE id = ?');
  counts.tokenUsage += yield* batches(() => {
    const ids = selectUsage.all(cutoff, batchRows).map((row) => row.id);
    sqlite.transaction(() => {
      for (const id of ids) deleteCharges.run(id);
      for (const id of ids) deleteUsage.run(id);
    })();
    return ids.length;
  }, batchRows);
  const deleteNotices = sqlite.prepare<unknown, [number, number]>(
    'DELETE FROM budget_notices WHERE rowid IN (SELECT rowid FROM budget_notices WHERE window_start < ? LIMIT ?)',
  );
  counts.budgetNotices += yield* batches(() => deleteNotices.run(cutoff, batchRows).changes, batchRows);
  const deleteJoins = sqlite.prepare<unknown, [number, number]>(
    'DELETE FROM member_joins WHERE rowid IN (SELECT rowid FROM member_joins WHERE seen_at < ? LIMIT ?)',
  );
  counts.memberJoins += yield* batches(() => deleteJoins.run(cutoff, batchRows).changes, batchRows);
  return counts;
}

/** Runs `step` (one batch, returning rows deleted) until a batch comes back short; yields after each. */
function* batches(step: () => number, batchRows: number): Generator<void, number> {
  let total = 0;
  for (;;) {
    const deleted = step();
    total += deleted;
    yield;
    if (deleted < batchRows) return total;
  }
}
