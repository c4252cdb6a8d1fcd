import type { ChannelContext } from '../../machines/channel.machine.ts';
import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import { createChannelActor } from '../channel-actor.ts';
import type { Clock } from '../clock.ts';
import { originOf } from './actor-origin.ts';
import { permitNeed, statusOf } from './channel-records.ts';
import type { PermitNeed } from './permits.ts';
import type { PersistenceTap } from './persistence-tap.ts';
import type { ChannelRecord, SnapshotStore } from './snapshot-store.ts';
import type { LiveChannel, SupervisorOptions } from './supervisor.types.ts';

/** What spawning a channel actor needs from the supervisor. */
export interface SpawnParts {
  agentThread: SupervisorOptions['agentThread'];
  store: SnapshotStore;
  clock: Clock;
  writes: PersistenceTap;
  /** The channel's settings, resolved now. */
  settings: ChannelSettings;
  onSnapshot(value: unknown, context: ChannelContext, status: string): void;
  onError(error: unknown): void;
  /** Puts the live channel in the supervisor's map, before the actor starts (its first snapshot needs it). */
  register(channel: LiveChannel): void;
  /** Tells the permit scheduler what the started channel needs; a restored waiting one keeps its place. */
  observePermit(need: PermitNeed, at: number, requestedAt?: number | null): void;
}

/**
 * Creates, subscribes, registers and starts one channel actor: fresh, or restored from `snapshot`
 * (then `restoredFrom` is its stored row, which the event log records as the actor's origin).
 * Every subscription has an `error` handler (an unhandled actor error would kill the process).
 */
export function spawnChannel(
  parts: SpawnParts,
  spec: { channelId: string; guildId: string; snapshot: unknown; restoredFrom?: ChannelRecord | undefined },
): LiveChannel {
  const { channelId, guildId, snapshot, restoredFrom } = spec;
  const inspector = parts.writes.inspector(channelId, originOf(restoredFrom));
  const actor = createChannelActor({
    agentThread: parts.agentThread,
    clock: parts.clock,
    input: { channelId, guildId, permitRequired: true, settings: parts.settings },
    ...(snapshot ? { snapshot } : {}),
    inspect: inspector,
  });
  const initial = actor.getSnapshot();
  const channel: LiveChannel = {
    actor,
    guildId,
    context: initial.context,
    status: statusOf(initial.value),
    // After every logged event, those of a failed actor its row does not reflect included, and
    // those still waiting in memory for a store that refuses writes.
    eventSeq: Math.max(parts.store.loggedSeq(channelId), parts.writes.pendingSeq(channelId)),
    subscription: actor.subscribe(new SnapshotRelay(parts.onSnapshot, parts.onError)),
  };
  parts.register(channel);
  inspector.attach(channel);
  actor.start();
  const started = actor.getSnapshot();
  parts.observePermit(
    permitNeed(statusOf(started.value), started.context),
    parts.clock.now(),
    restoredFrom?.permitRequestedAt,
  );
  return channel;
}

/**
 * A channel actor's snapshot observer: an object holding the two callbacks it needs, rather than
 * closures over all of `SpawnParts`, which every live channel would keep (issue 10: per-channel
 * heap).
 */
class SnapshotRelay {
  constructor(
    private readonly onSnapshot: SpawnParts['onSnapshot'],
    private readonly onError: SpawnParts['onError'],
  ) {}

  next(snapshot: { value: unknown; context: ChannelContext; status: string }): void {
    this.onSnapshot(snapshot.value, snapshot.context, snapshot.status);
  }

  error(error: unknown): void {
    this.onError(error);
  }
}
