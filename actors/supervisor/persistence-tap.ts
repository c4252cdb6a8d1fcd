import type { InspectionEvent } from 'xstate';
import { CHANNEL_MACHINE_VERSION, type ChannelContext } from '../../machines/channel.machine.ts';
import { nowOf } from '../../machines/clock.ts';
import type { Logger } from '../../src/logger.ts';
import type { Clock } from '../clock.ts';
import type { ActorOrigin } from './actor-origin.ts';
import { eventRecord, statusOf, threadChanges, timedOutThread } from './channel-records.ts';
import { persistedSnapshot } from './persisted-snapshot.ts';
import type { ChannelRecord, SnapshotStore } from './snapshot-store.ts';
import type { LiveChannel, TimedOutThread } from './supervisor.types.ts';
import { WriteBehind } from './write-behind.ts';

/** What the tap needs from the supervisor that owns it. */
export interface PersistenceTapOptions {
  store: SnapshotStore;
  logger: Logger;
  clock: Clock;
  /** Delay of a write-behind tick in ms (0: one transaction per event-loop turn). */
  flushDelayMs: number;
  /** When a channel began waiting for a permit (ms since the epoch), or null; stored with its row. */
  permitRequestedAt: (channelId: string) => number | null;
  /** Receives every inspection event of every channel actor (the live inspector listens here). */
  inspect?: (channelId: string, event: InspectionEvent) => void;
}

/**
 * The persistence tap: sees every event and snapshot of every channel actor and feeds them to the
 * write-behind (numbered event rows, thread rows, the channel's latest row), relaying each
 * inspection event on to the live inspector. Routing and permits stay with the supervisor.
 */
export class PersistenceTap {
  private readonly writes: WriteBehind;

  constructor(private readonly options: PersistenceTapOptions) {
    this.writes = new WriteBehind(options.store, options.logger, options.flushDelayMs);
  }

  /**
   * Records a new snapshot of a channel: thread rows that changed, then what the supervisor last
   * saw (`channel.context`, `channel.status`), then the channel's row. Returns the thread the
   * machine stopped at its deadline in this step, if any.
   */
  observe(
    channelId: string,
    channel: LiveChannel,
    value: unknown,
    context: ChannelContext,
  ): TimedOutThread | null {
    const previous = channel.context;
    const before = previous === context ? null : previous;
    for (const row of threadChanges(before, context)) this.writes.thread(row);
    const timedOut = timedOutThread(before, context);
    channel.context = context;
    channel.status = statusOf(value);
    this.markDirty(channelId, channel);
    return timedOut;
  }

  /** Pins the last snapshot of a channel that is leaving memory (reaped). */
  final(channelId: string, channel: LiveChannel): void {
    this.markDirty(channelId, channel, channel.actor.getPersistedSnapshot());
  }

  /** Drops a channel's pending row (its actor failed: its last good row stays as written). */
  forget(channelId: string): void {
    this.writes.forget(channelId);
  }

  /** Whether a channel has changes not yet written. */
  holds(channelId: string): boolean {
    return this.writes.holds(channelId);
  }

  get pending(): number {
    return this.writes.pending;
  }

  /** The channel's pending row, newer than its stored one while writes fail (`WriteBehind.pendingRow`). */
  pendingRow(channelId: string): ChannelRecord | undefined {
    return this.writes.pendingRow(channelId);
  }

  /** The highest `seq` of the channel's events not yet written (0 when none). */
  pendingSeq(channelId: string): number {
    return this.writes.pendingSeq(channelId);
  }

  /** Writes everything pending now. */
  flush(): void {
    this.writes.flush();
  }

  close(): void {
    this.writes.close();
  }

  /**
   * Logs each event of the channel's own actor, at the time its machine reads for it (see
   * `EventClock`); its `xstate.init` carries how the actor began. Relays every inspection event
   * to the live inspector. Called by the channel's `SupervisedChannel`, with its origin until that
   * `xstate.init` is logged (null after).
   */
  inspected(
    channelId: string,
    channel: LiveChannel,
    event: InspectionEvent,
    origin: ActorOrigin | null,
  ): void {
    try {
      if (event.type === '@xstate.event' && event.actorRef === channel.actor) {
        channel.eventSeq += 1;
        const logged = event.event.type === 'xstate.init' ? { ...event.event, origin } : event.event;
        this.writes.event(eventRecord(channelId, channel.eventSeq, nowOf(channel.actor.system), logged));
        this.markDirty(channelId, channel);
      }
      this.options.inspect?.(channelId, event);
    } catch (error) {
      this.options.logger.error(
        { event: 'channel.inspect_failed', err: error, channelId },
        'inspection of a channel event failed',
      );
    }
  }

  /**
   * Queues the channel's row for the next tick. The snapshot is read at flush time, so a burst of
   * events costs one copy; `final` pins the snapshot of a channel that is leaving memory.
   */
  private markDirty(channelId: string, channel: LiveChannel, final?: unknown): void {
    const { clock, permitRequestedAt } = this.options;
    const reapedAt = channel.status === 'reaped' ? clock.now() : null;
    this.writes.channel(
      channelId,
      () => ({
        channelId,
        guildId: channel.guildId,
        machineVersion: CHANNEL_MACHINE_VERSION,
        status: channel.status,
        snapshot: final ?? persistedSnapshot(channel.actor),
        lastEventSeq: channel.eventSeq,
        permitRequestedAt: permitRequestedAt(channelId),
        updatedAt: clock.now(),
        reapedAt,
      }),
      channel.actor,
    );
  }
}
