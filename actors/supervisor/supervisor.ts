import type { SupervisorLifecycleState } from '../../machines/supervisor-lifecycle.machine.ts';
import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import type { ChatMessage } from '../../src/domain/message.ts';
import { validateChatMessage } from '../../src/domain/validated-message.ts';
import { type Logger, silentLogger } from '../../src/logger.ts';
import type { ChannelActor } from '../channel-actor.ts';
import { type Clock, systemClock } from '../clock.ts';
import { summaryOf } from './channel-records.ts';
import { ChannelRestore } from './channel-restore.ts';
import { dropEvent, NO_FAULTS } from './faults.ts';
import { SupervisorLifecycle } from './lifecycle.ts';
import { LiveChannels } from './live-channels.ts';
import { Passivation } from './passivation.ts';
import { PermitScheduler } from './permit-scheduler.ts';
import { PersistenceTap } from './persistence-tap.ts';
import { pushSettings } from './settings-push.ts';
import type { ChannelRecord } from './snapshot-store.ts';
import type {
  ChannelSummary,
  LiveChannel,
  SupervisorEvent,
  SupervisorFaults,
  SupervisorOptions,
} from './supervisor.types.ts';

/**
 * The supervisor actor: routes messages to one root actor per channel (created on first use or
 * restored from the store), grants run permits under the global and per-server limits, persists
 * every channel write-behind, reaps channels that reached `reaped`, and isolates faults so one
 * failing channel never takes down another. Its own lifecycle (resuming → serving → draining →
 * stopped) runs as an actor of the pure `supervisorLifecycleMachine` (lifecycle.ts); the channel
 * actors stay in this class's Map, out of that machine's context. The parts: live-channels.ts
 * (spawn, snapshots, reap, drop), channel-restore.ts (load or restore a channel),
 * permit-scheduler.ts, persistence-tap.ts, passivation.ts.
 */
export class Supervisor {
  private readonly live = new Map<string, LiveChannel>();
  private readonly permits: PermitScheduler;
  private readonly writes: PersistenceTap;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly life: SupervisorLifecycle;
  private readonly faults: SupervisorFaults;
  private readonly passive: Passivation;
  private readonly actors: LiveChannels;
  private readonly restorer: ChannelRestore;

  constructor(private readonly options: SupervisorOptions) {
    for (const key of ['store', 'agentThread', 'limits', 'settingsFor'] as const) {
      if (!options[key]) throw new TypeError(`Supervisor needs options.${key}`);
    }
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.faults = options.faults ?? NO_FAULTS;
    this.life = new SupervisorLifecycle(this.clock, options.inspectLifecycle);
    this.passive = new Passivation(this.clock, options.passivateAfterMs, {
      live: this.live,
      idleTimeoutOf: (guildId, channelId) => this.settingsOf(guildId, channelId).idleTimeoutMs,
      // Their idle snapshots must be stored before the actors go: while the store refuses
      // writes, they stay in memory.
      beforePassivating: () => {
        this.writes.flush();
        return this.writes.pending === 0;
      },
      passivate: (channelId, channel) => this.actors.drop(channelId, channel, { stop: true }),
      wake: (channelId) => void this.restorer.restoreIdle(channelId),
      passivated: (count) => options.onPassivated?.(count),
      stopped: () => this.stopping,
      logger: this.logger,
    });
    this.permits = new PermitScheduler(
      options.limits,
      (channelId) => {
        const channel = this.live.get(channelId);
        channel?.actor.send({ type: 'permit.granted' });
        return channel !== undefined;
      },
      () => !this.stopping,
    );
    this.writes = new PersistenceTap({
      store: options.store,
      logger: this.logger,
      clock: this.clock,
      flushDelayMs: options.flushDelayMs ?? 0,
      permitRequestedAt: (channelId) => this.permits.pool.requestedAt(channelId),
      ...(options.inspect ? { inspect: options.inspect } : {}),
    });
    const parts = {
      live: this.live,
      clock: this.clock,
      logger: this.logger,
      writes: this.writes,
      passive: this.passive,
      settingsOf: (guildId: string, channelId: string) => this.settingsOf(guildId, channelId),
    };
    this.actors = new LiveChannels({
      ...parts,
      options,
      permits: this.permits,
      stopping: () => this.stopping,
    });
    this.restorer = new ChannelRestore({
      ...parts,
      channels: this.actors,
      store: options.store,
      faults: this.faults,
    });
  }

  /**
   * Resumes every channel that was not idle when last persisted: batches and queues intact,
   * timers re-armed with their remaining time, interrupted threads started again. Idle channels
   * load lazily on their next message. Returns how many channels resumed.
   */
  start(): number {
    // Running channels first, so their permits are counted before any waiting channel is served.
    const order = (record: ChannelRecord) => (record.status === 'running' ? 0 : 1);
    const records = this.options.store.loadActive().sort((a, b) => order(a) - order(b));
    const resumed = records.filter((record) => this.restorer.restore(record) !== null).length;
    this.life.resumed(resumed);
    this.logger.info(
      { event: 'supervisor.started', resumed, unreadable: records.length - resumed },
      'supervisor started',
    );
    return resumed;
  }

  /** Handles one event. Never throws: bad input is logged and dropped with a reason. */
  send(event: SupervisorEvent): void {
    if (this.stopping) {
      dropEvent(this.logger, this.faults, 'stopped', { type: event.type });
      return;
    }
    try {
      if (
        event.type === 'message.received' ||
        event.type === 'reaction.added' ||
        event.type === 'member.joined'
      )
        this.route(event);
      else if (event.type === 'message.updated') this.change(event);
      else if (event.type === 'message.deleted')
        this.live.get(event.channelId)?.actor.send({ type: 'message.deleted', messageIds: event.messageIds });
      else if (event.type === 'config.updated')
        pushSettings(this.live, event.channelIds, this.options.settingsFor);
      else if (event.type === 'limits.updated') this.permits.setLimits(event.limits);
      else if (event.type === 'channel.deleted') this.deleted(event.channelId);
    } catch (error) {
      dropEvent(this.logger, this.faults, 'failed', { err: error, type: event.type });
    }
  }

  /** Shorthand for `send({ type: 'message.received', message })`. */
  receive(message: ChatMessage): void {
    this.send({ type: 'message.received', message });
  }

  /**
   * The supervisor's lifecycle state, read-only: `resuming` from construction until `start()` has
   * restored the stored channels, `serving` after, `draining` during `stop()`, `stopped` after it.
   */
  lifecycle(): SupervisorLifecycleState {
    return this.life.state();
  }

  /** The live actor of a channel, if loaded. */
  actorOf(channelId: string): ChannelActor | undefined {
    return this.live.get(channelId)?.actor;
  }

  channels(): ChannelSummary[] {
    return [...this.live.entries()].map(([channelId, channel]) => summaryOf(channelId, channel));
  }

  /** Idle channels passivated (stored, out of memory), with when each will be reaped. */
  passiveChannels() {
    return this.passive.list();
  }

  stats() {
    return {
      live: this.live.size,
      running: this.permits.pool.runningCount,
      waiting: this.permits.pool.waitingCount,
      pendingWrites: this.writes.pending,
      passive: this.passive.size,
    };
  }

  /** Writes everything pending now (also done on every tick). */
  flush(): void {
    this.writes.flush();
  }

  /**
   * Flushes and stops every actor without changing what was persisted, so the next start resumes
   * each channel where it was (running threads are aborted here and run again then).
   */
  stop(): void {
    if (this.stopping) return;
    this.life.drain();
    this.passive.stop();
    this.writes.flush();
    if (this.writes.pending > 0) {
      this.logger.error(
        { event: 'supervisor.stop.unwritten', pending: this.writes.pending },
        'the database refuses writes: changes since it began are lost with this stop; the next start resumes from what was written',
      );
    }
    for (const [channelId, channel] of this.live) this.actors.drop(channelId, channel, { stop: true });
    this.writes.close();
    this.life.drained();
  }

  private get stopping(): boolean {
    return this.life.stopping;
  }

  /** Sends a message, a reaction or a join to its channel's actor, loading or creating it. */
  private route(event: {
    type: 'message.received' | 'reaction.added' | 'member.joined';
    message: ChatMessage;
  }): void {
    const message = this.validated(event.message);
    if (!message) return;
    const channel =
      this.live.get(message.channelId) ?? this.restorer.load(message.channelId, message.guildId);
    channel.actor.send({ type: event.type, message });
  }

  /** An edit reaches its channel's actor only when it is in memory (see {@link SupervisorEvent}). */
  private change(event: { type: 'message.updated'; message: ChatMessage }): void {
    const message = this.validated(event.message);
    if (message) this.live.get(message.channelId)?.actor.send({ type: 'message.updated', message });
  }

  private validated(input: ChatMessage): ChatMessage | null {
    const parsed = validateChatMessage(input);
    if (parsed.success) return parsed.data;
    dropEvent(this.logger, this.faults, 'malformed', { issues: parsed.error.issues, input });
    return null;
  }

  /**
   * A channel deleted on Discord: its actor (live, or passive and restored for the purpose) goes to
   * `reaped` through its machine, so its row is written as reaped like any other. Unknown: nothing.
   */
  private deleted(channelId: string): void {
    const channel = this.live.get(channelId) ?? this.restorer.wakePassive(channelId);
    this.logger.info({ event: 'channel.deleted', channelId, live: channel !== undefined }, 'channel deleted');
    channel?.actor.send({ type: 'channel.deleted' });
  }

  private settingsOf(guildId: string, channelId: string): ChannelSettings {
    return this.options.settingsFor(guildId, channelId);
  }
}
