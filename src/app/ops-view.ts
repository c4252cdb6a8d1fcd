import type { SupervisorLifecycleState } from '../../machines/supervisor-lifecycle.types.ts';

/**
 * What the ops server sees of the supervisor, and all it may do to it: read its counts and live
 * channels, and tell it that settings changed. Owned by ops (issue 8, item 2: a port belongs to the
 * code that uses it); the supervisor satisfies it without knowing it.
 */
export interface OpsView {
  /** Counts for `/health` and `/metrics`. */
  stats(): OpsStats;
  /** The supervisor's own lifecycle state, for `/health` (`lifecycle`). */
  lifecycle(): SupervisorLifecycleState;
  /**
   * Every live channel actor. Ops reads `status` for the per-state gauge; `/api/channels` sends each
   * entry as JSON as it is, so its other fields pass through.
   */
  channels(): ReadonlyArray<OpsChannel>;
  /** A config override changed: every live channel re-resolves its settings. */
  send(event: { type: 'config.updated' }): void;
}

/** The supervisor's counts, as `/health` and `/metrics` show them. */
export interface OpsStats {
  /** Channel actors in memory. */
  live: number;
  /** Agent threads running now. */
  running: number;
  /** Ready batches waiting for a run permit. */
  waiting: number;
  /** Changes not yet written to the store. */
  pendingWrites: number;
}

/** One live channel, as far as ops reads it. */
export interface OpsChannel {
  readonly channelId: string;
  /** The channel machine's top-level state. */
  readonly status: string;
}
