import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import { createChannelActor } from '../channel-actor.ts';
import type { Clock } from '../clock.ts';
import { originOf } from './actor-origin.ts';
import { permitNeed, statusOf } from './channel-records.ts';
import type { PermitNeed } from './permits.ts';
import type { PersistenceTap } from './persistence-tap.ts';
import type { ChannelRecord, SnapshotStore } from './snapshot-store.ts';
import { type ChannelHost, SupervisedChannel } from './supervised-channel.ts';
import type { SupervisorOptions } from './supervisor.types.ts';

/** What spawning a channel actor needs from the supervisor. */
export interface SpawnParts {
  agentThread: SupervisorOptions['agentThread'];
  store: SnapshotStore;
  clock: Clock;
  writes: PersistenceTap;
  /** Hears of the channel's inspection events, snapshots and failure. */
  host: ChannelHost;
  /** The channel's settings, resolved now. */
  settings: ChannelSettings;
  /** Puts the live channel in the supervisor's map, before the actor starts (its first snapshot needs it). */
  register(channel: SupervisedChannel): void;
  /** Tells the permit scheduler what the started channel needs; a restored waiting one keeps its place. */
  observePermit(need: PermitNeed, at: number, requestedAt?: number | null): void;
}

/**
 * Creates, subscribes, registers and starts one channel actor: fresh, or restored from `snapshot`
 * (then `restoredFrom` is its stored row, which the event log records as the actor's origin).
 * The subscription has an `error` handler (an unhandled actor error would kill the process). It is
 * not kept: stopping the actor, or its failure, ends it (XState clears its observers then).
 */
export function spawnChannel(
  parts: SpawnParts,
  spec: { channelId: string; guildId: string; snapshot: unknown; restoredFrom?: ChannelRecord | undefined },
): SupervisedChannel {
  const { channelId, guildId, snapshot, restoredFrom } = spec;
  const channel = new SupervisedChannel(parts.host, channelId, guildId, originOf(restoredFrom));
  const actor = createChannelActor({
    agentThread: parts.agentThread,
    clock: parts.clock,
    input: { channelId, guildId, permitRequired: true, settings: parts.settings },
    ...(snapshot ? { snapshot } : {}),
    inspect: channel,
  });
  // After every logged event, those of a failed actor its row does not reflect included, and
  // those still waiting in memory for a store that refuses writes.
  const eventSeq = Math.max(parts.store.loggedSeq(channelId), parts.writes.pendingSeq(channelId));
  actor.subscribe(channel);
  parts.register(channel);
  channel.attach(actor, eventSeq);
  actor.start();
  const started = actor.getSnapshot();
  parts.observePermit(
    permitNeed(statusOf(started.value), started.context),
    parts.clock.now(),
    restoredFrom?.permitRequestedAt,
  );
  return channel;
}
