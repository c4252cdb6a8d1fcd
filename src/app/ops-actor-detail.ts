import { CHANNEL_MACHINE_VERSION, type ChannelContext } from '../../machines/channel.machine.ts';
import { type ActorSummary, actorSummary } from './ops-actors.ts';
import type { OpsView } from './ops-view.ts';

/**
 * What ops reads of a channel's persisted history (src/db/channel-history.ts is the SQLite
 * adapter). Owned here: the ops detail route is its only user.
 */
export interface ActorHistory {
  stored(channelId: string): { snapshot: unknown; machineVersion: number } | undefined;
  /** The last `limit` events of the channel's log, oldest first. */
  events(channelId: string, limit: number): ReadonlyArray<HistoryEvent>;
  /** The channel's last `limit` threads, newest first. */
  threads(channelId: string, limit: number): ReadonlyArray<HistoryThread>;
}

/** One event of a channel's log (`channel_events`): its sequence number, time (ms epoch), type and body. */
export interface HistoryEvent {
  seq: number;
  at: number;
  type: string;
  event: unknown;
}

/** One thread row (`threads`): times in ms since the epoch, `endedAt` null while it runs. */
export interface HistoryThread {
  id: string;
  trigger: string;
  status: string;
  messageIds: string[];
  startedAt: number;
  endedAt: number | null;
  error: string | null;
  model: string | null;
  promptTokens: number;
  completionTokens: number;
}

/** How much history `GET /api/actors/:channelId` returns. */
export interface DetailLimits {
  events: number;
  threads: number;
}

/**
 * One channel actor in detail (`GET /api/actors/:channelId`): `live` says whether it is in memory
 * (else it is read from its stored row: a reaped channel, or an idle one not loaded since start),
 * `actor` is its summary as `/api/actors` lists it, `snapshot` its state value and whole context,
 * `events` its last events (oldest first) and `threads` its last threads (newest first).
 */
export interface ActorDetail {
  live: boolean;
  actor: ActorSummary;
  /** The machine version that wrote a stored snapshot; the running one's for a live actor. */
  machineVersion: number;
  snapshot: { value: unknown; context: ChannelContext };
  events: ReadonlyArray<HistoryEvent>;
  threads: ReadonlyArray<HistoryThread>;
}

/**
 * The detail of `channelId`, or undefined when no actor of it is live and none was ever stored.
 * Without `history`, only live actors are known and `events` and `threads` are empty.
 */
export function actorDetail(
  view: OpsView,
  history: ActorHistory | undefined,
  channelId: string,
  limits: DetailLimits,
): ActorDetail | undefined {
  const events = history?.events(channelId, limits.events) ?? [];
  const threads = history?.threads(channelId, limits.threads) ?? [];
  const actor = view.actorOf(channelId);
  if (actor) {
    const { value, context } = actor.getSnapshot();
    const summary = actorSummary(value, context);
    const machineVersion = CHANNEL_MACHINE_VERSION;
    return { live: true, actor: summary, machineVersion, snapshot: { value, context }, events, threads };
  }
  const stored = history?.stored(channelId);
  const snapshot = stored?.snapshot as { value?: unknown; context?: ChannelContext } | undefined;
  if (!stored || !snapshot?.context) return undefined;
  const { value, context } = snapshot;
  return {
    live: false,
    actor: actorSummary(value, context, false),
    machineVersion: stored.machineVersion,
    snapshot: { value, context },
    events,
    threads,
  };
}
