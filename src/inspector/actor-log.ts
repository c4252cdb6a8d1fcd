/** One event of a channel's log, as the inspector reads it: number, time (ms since the epoch), type, body. */
export interface ActorLogEvent {
  seq: number;
  at: number;
  type: string;
  event: unknown;
}

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
 * The inspector's port onto a channel's event log, read by the live actor it belongs to: where the
 * actor began (its last `xstate.init`), its events since, page by page, and the restarts that found
 * a thread running. Read-only; each read must stay cheap on a long log (the SQLite adapter,
 * src/db/actor-log.ts, uses the primary key or the partial index of `xstate.init` rows).
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
  page(channelId: string, afterSeq: number, toSeq: number, limit: number): ActorLogEvent[];
  /** Restores since `sinceAt` (ms since the epoch) that resumed a running thread, oldest first. */
  threadRestores(channelId: string, sinceAt: number): ThreadRestore[];
  /** When the thread's last record (model reply or tool result) up to `at` was written, or null. */
  lastRecordAt(threadId: string, at: number): number | null;
}
