import type { ChannelContext } from '../../machines/channel.types.ts';
import type { SupervisorLifecycleState } from '../../machines/supervisor-lifecycle.types.ts';

/**
 * What the ops server sees of the supervisor, and all it may do to it: read its counts and live
 * channels, and tell it that settings changed. Owned by ops (issue 8, item 2: a port belongs to the
 * code that uses it); the supervisor satisfies it without knowing it.
 */
export interface OpsView {
  /** Counts for `/healthz` and `/metrics`. */
  stats(): OpsStats;
  /** The supervisor's own lifecycle state: `/healthz` needs `serving`. */
  lifecycle(): SupervisorLifecycleState;
  /** Every live channel actor, by id and state (the per-state gauge counts `status`). */
  channels(): ReadonlyArray<OpsChannel>;
  /** A live channel actor, for `/api/actors`: its current snapshot's value and context. */
  actorOf(channelId: string): { getSnapshot(): { value: unknown; context: ChannelContext } } | undefined;
  /**
   * Idle channels passivated: stored, out of memory until their next message; `/api/actors` lists
   * them as `idle` with `passive: true`. `reapAt` is when their idle timeout ends (ms epoch).
   */
  passiveChannels?(): ReadonlyArray<{
    channelId: string;
    guildId: string;
    idleSince: number;
    reapAt: number;
  }>;
  /** A config override changed: every live channel re-resolves its settings. */
  send(event: { type: 'config.updated' }): void;
}

/** The supervisor's counts, as `/healthz` and `/metrics` show them. */
export interface OpsStats {
  /** Channel actors in memory. */
  live: number;
  /** Agent threads running now. */
  running: number;
  /** Ready batches waiting for a run permit. */
  waiting: number;
  /** Changes not yet written to the store. */
  pendingWrites: number;
  /** Idle channels passivated: stored, out of memory until their next message (issue 10). */
  passive: number;
}

/** One live channel, as far as ops reads it. */
export interface OpsChannel {
  readonly channelId: string;
  /** The channel machine's top-level state. */
  readonly status: string;
}
