import type { InspectionEvent } from 'xstate';
import type { ChannelContext } from '../../machines/channel.machine.ts';
import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import type { Logger } from '../../src/logger.ts';
import type { Clock } from '../clock.ts';
import type { ActorOrigin } from './actor-origin.ts';
import { permitNeed } from './channel-records.ts';
import type { Passivation } from './passivation.ts';
import type { PermitScheduler } from './permit-scheduler.ts';
import type { PersistenceTap } from './persistence-tap.ts';
import type { ChannelRecord } from './snapshot-store.ts';
import { spawnChannel } from './spawn-channel.ts';
import type { ChannelHost, SupervisedChannel } from './supervised-channel.ts';
import type { LiveChannel, SupervisorOptions } from './supervisor.types.ts';
import { reportTimedOut } from './timed-out.ts';

/** What the supervisor's live channels need from it. */
export interface LiveChannelsParts {
  /** The supervisor's map of channel id → live channel; spawning adds to it, dropping removes. */
  live: Map<string, LiveChannel>;
  options: SupervisorOptions;
  clock: Clock;
  logger: Logger;
  writes: PersistenceTap;
  permits: PermitScheduler;
  passive: Passivation;
  /** True once the supervisor drains: snapshots are no longer handled. */
  stopping(): boolean;
  settingsOf(guildId: string, channelId: string): ChannelSettings;
}

/**
 * The channel actors in the supervisor's memory, from spawn to drop: every snapshot a channel
 * emits is written behind, updates its permit and its passivation clock, and a channel that
 * reached `reaped` is written final and dropped. A crashed actor is dropped without writing its
 * errored snapshot.
 */
export class LiveChannels implements ChannelHost {
  constructor(private readonly parts: LiveChannelsParts) {}

  /** Spawns and starts a channel's actor: fresh, or restored from `snapshot` (its row `restoredFrom`). */
  spawn(channelId: string, guildId: string, snapshot: unknown, restoredFrom?: ChannelRecord): LiveChannel {
    const { live, permits, options } = this.parts;
    return spawnChannel(
      {
        agentThread: options.agentThread,
        store: options.store,
        clock: this.parts.clock,
        writes: this.parts.writes,
        host: this,
        settings: this.parts.settingsOf(guildId, channelId),
        register: (channel) => live.set(channelId, channel),
        observePermit: (need, at, requestedAt) => permits.observe(channelId, guildId, need, at, requestedAt),
      },
      { channelId, guildId, snapshot, restoredFrom },
    );
  }

  /** Takes a channel out of memory and frees its permit; with `stop`, stops its actor too. */
  drop(channelId: string, channel: LiveChannel, options: { stop?: boolean } = {}): void {
    // No unsubscribe: stopping the actor clears its observers, and a failed actor's are cleared.
    // A snapshot or failure of an actor no longer in the map is ignored (`snapshot`, `failed`).
    if (options.stop) channel.actor.stop();
    this.parts.live.delete(channelId);
    this.parts.permits.forget(channelId);
  }

  /** A channel's inspection event: logged through the persistence tap, relayed to the live inspector. */
  inspected(channel: SupervisedChannel, event: InspectionEvent, origin: ActorOrigin | null): void {
    this.parts.writes.inspected(channel.channelId, channel, event, origin);
  }

  /** A new snapshot of a channel in the map: written behind, permit and passivation told. */
  snapshot(channel: SupervisedChannel, value: unknown, context: ChannelContext, status: string): void {
    const { live, writes, logger, clock } = this.parts;
    const { channelId } = channel;
    if (live.get(channelId) !== channel || this.parts.stopping()) return;
    try {
      const timedOut = writes.observe(channelId, channel, value, context);
      if (timedOut) reportTimedOut(timedOut, logger, this.parts.options.onThreadTimedOut);
      if (status === 'done') {
        this.reap(channelId, channel);
        return;
      }
      this.parts.permits.observe(
        channelId,
        channel.guildId,
        permitNeed(channel.status, context),
        clock.now(),
      );
      this.parts.passive.observe(channel);
    } catch (error) {
      logger.error(
        { event: 'channel.snapshot_failed', err: error, channelId },
        'handling a channel snapshot failed',
      );
    }
  }

  private reap(channelId: string, channel: LiveChannel): void {
    this.parts.writes.final(channelId, channel);
    this.drop(channelId, channel, { stop: true });
    this.parts.logger.debug({ event: 'channel.reaped', channelId }, 'channel reaped');
  }

  /**
   * A channel actor crashed (an action threw). Its errored snapshot is never written: the row keeps
   * the last state flushed, and the next message restores the channel from there. Other channels
   * and the process carry on.
   */
  failed(channel: SupervisedChannel, error: unknown): void {
    const { channelId } = channel;
    // Not in the map: dropped, and so unsubscribed as far as the supervisor is concerned.
    if (this.parts.live.get(channelId) !== channel) return;
    this.parts.logger.error(
      { event: 'channel.actor_failed', err: error, channelId },
      'channel actor failed; it will be restored on its next message',
    );
    this.parts.writes.forget(channelId);
    this.drop(channelId, channel);
  }
}
