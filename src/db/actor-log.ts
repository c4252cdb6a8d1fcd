import type { Database } from 'bun:sqlite';
import type { ActorLog } from '../inspector/actor-log.ts';

/**
 * The inspector's {@link ActorLog} port over Ery's SQLite database: statements prepared once, every
 * query on the primary key or the partial index of `xstate.init` rows (`channel_events_init_idx`),
 * so none scans a long log.
 */
export function createActorLog(sqlite: Database): ActorLog {
  const last = sqlite.prepare<{ seq: number | null }, [string]>(
    'SELECT max(seq) AS seq FROM channel_events WHERE channel_id = ?',
  );
  const start = sqlite.prepare<{ seq: number }, [string, number]>(
    "SELECT seq FROM channel_events WHERE channel_id = ? AND type = 'xstate.init' AND seq <= ? ORDER BY seq DESC LIMIT 1",
  );
  const page = sqlite.prepare<
    { seq: number; at: number; type: string; event: string },
    [string, number, number, number]
  >(
    'SELECT seq, at, type, event FROM channel_events WHERE channel_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
  );
  // The thread id is read in SQL: a restore's event carries the whole snapshot it resumed from.
  const restores = sqlite.prepare<{ seq: number; at: number; threadId: string | null }, [string, number]>(
    `SELECT seq, at, json_extract(event, '$.origin.snapshot.context.thread.id') AS threadId
       FROM channel_events
      WHERE channel_id = ? AND type = 'xstate.init' AND at >= ?
        AND json_extract(event, '$.origin.kind') = 'restored'
      ORDER BY seq`,
  );
  const before = sqlite.prepare<{ at: number }, [string, number]>(
    'SELECT at FROM channel_events WHERE channel_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1',
  );
  const record = sqlite.prepare<{ at: number | null }, [string, number]>(
    'SELECT max(at) AS at FROM thread_steps WHERE thread_id = ? AND at <= ?',
  );
  return {
    lastRecordAt: (threadId, at) => record.get(threadId, at)?.at ?? null,
    lastSeq: (channelId) => last.get(channelId)?.seq ?? 0,
    lastStart: (channelId, toSeq) => start.get(channelId, toSeq)?.seq ?? null,
    page: (channelId, afterSeq, toSeq, limit) =>
      page.all(channelId, afterSeq, toSeq, limit).map((row) => ({
        seq: row.seq,
        at: row.at,
        type: row.type,
        event: JSON.parse(row.event) as unknown,
      })),
    threadRestores: (channelId, sinceAt) =>
      restores.all(channelId, sinceAt).flatMap((row) =>
        row.threadId
          ? [
              {
                seq: row.seq,
                at: row.at,
                threadId: row.threadId,
                previousAt: before.get(channelId, row.seq)?.at ?? null,
              },
            ]
          : [],
      ),
  };
}
