import type { Database } from 'bun:sqlite';
import type { StoredEvent } from './channel-history.ts';

/** A restore of a channel actor (`xstate.init` from a snapshot) that found a thread running. */
export interface ThreadRestore {
  /** The restore's event number and time (ms since the epoch). */
  seq: number;
  at: number;
  /** The thread the restored snapshot was running. */
  threadId: string;
  /** The time of the channel's event before the restore: the last it logged before Ery stopped. */
  previousAt: number | null;
}

/**
 * Reads of a channel's event log by the live actor it belongs to: where the actor began (its last
 * `xstate.init`), its events since, page by page, and the restarts that found a thread running.
 * Every query uses the primary key or the partial index of `xstate.init` rows
 * (`channel_events_init_idx`), so none scans a long log. Prepared once; read-only.
 */
export interface ActorLog {
  /** The channel's last event number; 0 when it has none. */
  lastSeq(channelId: string): number;
  /**
   * The event number of the channel's last `xstate.init` up to `toSeq` (the start of the actor that
   * logged event `toSeq`), or null.
   */
  lastStart(channelId: string, toSeq: number): number | null;
  /** Up to `limit` events after `afterSeq` and up to `toSeq`, in order. */
  page(channelId: string, afterSeq: number, toSeq: number, limit: number): StoredEvent[];
  /** Restores since `sinceAt` (ms since the epoch) that resumed a running thread, oldest first. */
  threadRestores(channelId: string, sinceAt: number): ThreadRestore[];
  /** When the thread's last record (model reply or tool result) up to `at` was written, or null. */
  lastRecordAt(threadId: string, at: number): number | null;
}

/** {@link ActorLog} over Ery's SQLite database. */
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
