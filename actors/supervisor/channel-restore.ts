import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import type { Logger } from '../../src/logger.ts';
import type { Clock } from '../clock.ts';
import { restoreFailed } from './faults.ts';
import type { LiveChannels } from './live-channels.ts';
import type { Passivation } from './passivation.ts';
import type { PersistenceTap } from './persistence-tap.ts';
import { resumeThreadDeadline } from './resumed-deadline.ts';
import type { ChannelRecord, SnapshotStore } from './snapshot-store.ts';
import { loadStored, overdueIdle, restorable } from './stored-channel.ts';
import type { LiveChannel, SupervisorFaults } from './supervisor.types.ts';

/** What restoring channels needs from the supervisor. */
export interface ChannelRestoreParts {
  live: ReadonlyMap<string, LiveChannel>;
  channels: LiveChannels;
  store: SnapshotStore;
  writes: PersistenceTap;
  passive: Passivation;
  clock: Clock;
  logger: Logger;
  faults: SupervisorFaults;
  settingsOf(guildId: string, channelId: string): ChannelSettings;
}

/**
 * How a channel comes back into memory: from its stored row (timers re-armed with the time they
 * have left, today's settings applied), or fresh when there is no row, it was reaped, its idle
 * timeout passed while it was away, or the row cannot be restored. One unreadable channel never
 * stops the others.
 */
export class ChannelRestore {
  /** Channels whose stored row was found unrestorable (warned, counted): their next message starts them fresh. */
  private readonly unrestorable = new Set<string>();

  constructor(private readonly parts: ChannelRestoreParts) {}

  /** The live channel for a message of a channel not in memory: restored, or spawned fresh. */
  load(channelId: string, guildId: string): LiveChannel {
    const { writes, passive, clock } = this.parts;
    passive.take(channelId);
    // A channel reaped, passivated or crashed moments ago may still have its last state in the
    // write-behind; any other new channel costs no flush (issue 10: one per new channel was ~5%).
    if (writes.holds(channelId)) writes.flush();
    // While the store refuses writes, the row in memory is the channel's latest (a reaped one, say).
    const record = writes.pendingRow(channelId) ?? this.stored(channelId);
    // Warned once already (at start): not examined again.
    const known = this.unrestorable.delete(channelId);
    if (record && !known && record.status !== 'reaped' && !overdueIdle(record, clock.now())) {
      const restored = this.restore(record);
      if (restored) return restored;
    }
    return this.parts.channels.spawn(channelId, guildId, null);
  }

  /** A passive channel restored for a reason of its own (its deletion), unless its row is reaped. */
  wakePassive(channelId: string): LiveChannel | undefined {
    if (!this.parts.passive.take(channelId)) return undefined;
    const record = this.stored(channelId);
    return record && record.status !== 'reaped' ? (this.restore(record) ?? undefined) : undefined;
  }

  /** Restores a passive channel whose idle timeout is due: its machine reaps it at once. */
  restoreIdle(channelId: string): void {
    const record = this.stored(channelId);
    if (record?.status === 'idle') this.restore(record);
  }

  /** Restores a stored channel; null (warned, counted) when its row cannot be restored. */
  restore(stored: ChannelRecord): LiveChannel | null {
    const { channels, logger, faults } = this.parts;
    const record = restorable(stored, logger, faults);
    if (!record) {
      this.unrestorable.add(stored.channelId);
      return null;
    }
    try {
      const settings = this.parts.settingsOf(record.guildId, record.channelId);
      resumeThreadDeadline(record.snapshot, this.parts.clock.now(), settings.threadTimeoutMs);
      const channel = channels.spawn(record.channelId, record.guildId, record.snapshot, record);
      // Timers are not persisted: arm each with its remaining time, then apply today's settings.
      channel.actor.send({ type: 'timers.rearm' });
      channel.actor.send({ type: 'config.updated', settings });
      return channel;
    } catch (error) {
      // One unreadable channel must not stop the others (or start-up): drop it and start it fresh.
      restoreFailed(logger, faults, record.channelId, error);
      const partial = this.parts.live.get(record.channelId);
      if (partial) channels.drop(record.channelId, partial, { stop: true });
      // Its events are logged: a fresh actor numbers its own after them.
      this.parts.writes.flush();
      return null;
    }
  }

  private stored(channelId: string): ChannelRecord | undefined {
    return loadStored(this.parts.store, channelId, this.parts.logger, this.parts.faults);
  }
}
