import type { InspectionEvent } from 'xstate';
import { CHANNEL_MACHINE_VERSION, type ChannelContext } from '../../machines/channel.machine.ts';
import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import { ChatMessage } from '../../src/domain/message.ts';
import { type Logger, silentLogger } from '../../src/logger.ts';
import { type ChannelActor, createChannelActor } from '../channel-actor.ts';
import { type Clock, systemClock } from '../clock.ts';
import { eventRecord, permitNeed, statusOf, threadChanges, timedOutThread } from './channel-records.ts';
import { PermitPool } from './permits.ts';
import type { ChannelRecord } from './snapshot-store.ts';
import { looksLikeChannelSnapshot, overdueIdle } from './stored-channel.ts';
import type {
  ChannelSummary,
  LiveChannel,
  SupervisorEvent,
  SupervisorOptions,
  TimedOutThread,
} from './supervisor.types.ts';
import { WriteBehind } from './write-behind.ts';

export type {
  ChannelSummary,
  SupervisorEvent,
  SupervisorOptions,
  TimedOutThread,
} from './supervisor.types.ts';

/**
 * The supervisor actor: routes messages to one root actor per channel (created on first use or
 * restored from the store), grants run permits under the global and per-server limits, persists
 * every channel write-behind, reaps channels that reached `reaped`, and isolates faults so one
 * failing channel never takes down another.
 */
export class Supervisor {
  private readonly live = new Map<string, LiveChannel>();
  private readonly permits: PermitPool;
  private readonly writes: WriteBehind;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private stopped = false;
  private grantsScheduled = false;

  constructor(private readonly options: SupervisorOptions) {
    for (const key of ['store', 'agentThread', 'limits', 'settingsFor'] as const) {
      if (!options[key]) throw new TypeError(`Supervisor needs options.${key}`);
    }
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.permits = new PermitPool(options.limits);
    this.writes = new WriteBehind(options.store, this.logger, options.flushDelayMs ?? 0);
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
    const resumed = records.filter((record) => this.restore(record) !== null).length;
    this.logger.info(
      { event: 'supervisor.started', resumed, unreadable: records.length - resumed },
      'supervisor started',
    );
    return resumed;
  }

  /** Handles one event. Never throws: bad input is logged and dropped with a reason. */
  send(event: SupervisorEvent): void {
    if (this.stopped) {
      this.logger.warn({ type: event.type }, 'supervisor is stopped; event ignored');
      return;
    }
    try {
      if (event.type === 'message.received') this.route(event.message);
      else if (event.type === 'config.updated') this.pushSettings(event.channelIds);
      else if (event.type === 'limits.updated') {
        this.permits.setLimits(event.limits);
        this.scheduleGrants();
      }
    } catch (error) {
      this.logger.error({ err: error, type: event.type }, 'supervisor could not handle an event');
    }
  }

  /** Shorthand for `send({ type: 'message.received', message })`. */
  receive(message: ChatMessage): void {
    this.send({ type: 'message.received', message });
  }

  /** The live actor of a channel, if loaded. */
  actorOf(channelId: string): ChannelActor | undefined {
    return this.live.get(channelId)?.actor;
  }

  channels(): ChannelSummary[] {
    return [...this.live.entries()].map(([channelId, channel]) => ({
      channelId,
      guildId: channel.guildId,
      status: channel.status,
      batch: channel.context.batch.length,
      queue: channel.context.queue.length,
      threadId: channel.context.thread?.id ?? null,
      waitingForPermit: permitNeed(channel.status, channel.context) === 'waiting',
    }));
  }

  stats() {
    return {
      live: this.live.size,
      running: this.permits.runningCount,
      waiting: this.permits.waitingChannels.length,
      pendingWrites: this.writes.pending,
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
    if (this.stopped) return;
    this.stopped = true;
    this.writes.flush();
    for (const channel of this.live.values()) {
      channel.subscription.unsubscribe();
      channel.actor.stop();
    }
    this.live.clear();
    this.writes.close();
  }

  private route(input: ChatMessage): void {
    const parsed = ChatMessage.safeParse(input);
    if (!parsed.success) {
      this.logger.warn(
        { event: 'message.malformed', issues: parsed.error.issues, input },
        'malformed message dropped before routing',
      );
      return;
    }
    const message = parsed.data;
    const channel = this.live.get(message.channelId) ?? this.load(message.channelId, message.guildId);
    channel.actor.send({ type: 'message.received', message });
  }

  private load(channelId: string, guildId: string): LiveChannel {
    // A channel reaped or crashed moments ago may still have its last state in the write-behind.
    this.writes.flush();
    const record = this.options.store.load(channelId);
    if (record && record.status !== 'reaped' && !overdueIdle(record, this.clock.now())) {
      const restored = this.restore(record);
      if (restored) return restored;
    }
    return this.spawn(channelId, guildId, null, record?.lastEventSeq ?? 0);
  }

  private restore(record: ChannelRecord): LiveChannel | null {
    if (record.machineVersion !== CHANNEL_MACHINE_VERSION) {
      this.logger.error(
        {
          event: 'channel.restore.version_mismatch',
          channelId: record.channelId,
          version: record.machineVersion,
          expected: CHANNEL_MACHINE_VERSION,
        },
        'stored channel snapshot has an unknown machine version; starting the channel fresh',
      );
      return null;
    }
    if (!looksLikeChannelSnapshot(record.snapshot)) {
      this.logger.error(
        { event: 'channel.restore.corrupt', channelId: record.channelId },
        'stored channel snapshot is corrupt; starting the channel fresh',
      );
      return null;
    }
    try {
      const channel = this.spawn(
        record.channelId,
        record.guildId,
        record.snapshot,
        record.lastEventSeq,
        record,
      );
      // Timers are not persisted: arm each with its remaining time, then apply today's settings.
      channel.actor.send({ type: 'timers.rearm' });
      channel.actor.send({
        type: 'config.updated',
        settings: this.settingsOf(record.guildId, record.channelId),
      });
      return channel;
    } catch (error) {
      // One unreadable channel must not stop the others (or start-up): drop it and start it fresh.
      this.logger.error(
        { event: 'channel.restore.failed', err: error, channelId: record.channelId },
        'restoring a channel failed; starting it fresh',
      );
      const partial = this.live.get(record.channelId);
      if (partial) {
        partial.subscription.unsubscribe();
        partial.actor.stop();
        this.live.delete(record.channelId);
        this.permits.forget(record.channelId);
      }
      return null;
    }
  }

  private spawn(
    channelId: string,
    guildId: string,
    snapshot: unknown,
    eventSeq: number,
    restoredFrom?: ChannelRecord,
  ): LiveChannel {
    let channel: LiveChannel | undefined;
    const pendingEvents: InspectionEvent[] = [];
    const actor = createChannelActor({
      agentThread: this.options.agentThread,
      clock: this.clock,
      input: { channelId, guildId, permitRequired: true, settings: this.settingsOf(guildId, channelId) },
      ...(snapshot ? { snapshot } : {}),
      inspect: (event) => {
        if (channel) this.onInspect(channelId, channel, event);
        else pendingEvents.push(event);
      },
    });
    const initial = actor.getSnapshot();
    channel = {
      actor,
      guildId,
      context: initial.context,
      status: statusOf(initial.value),
      eventSeq,
      subscription: actor.subscribe({
        next: (next) => this.onSnapshot(channelId, next.value, next.context, next.status),
        error: (error) => this.onActorError(channelId, error),
      }),
    };
    this.live.set(channelId, channel);
    for (const event of pendingEvents) this.onInspect(channelId, channel, event);
    actor.start();
    // A restored channel may already hold, or wait for, a permit; a waiting one keeps its place.
    const started = actor.getSnapshot();
    const need = permitNeed(statusOf(started.value), started.context);
    if (this.permits.observe(channelId, guildId, need, this.clock.now(), restoredFrom?.permitRequestedAt)) {
      this.scheduleGrants();
    }
    return channel;
  }

  private onInspect(channelId: string, channel: LiveChannel, event: InspectionEvent): void {
    try {
      if (event.type === '@xstate.event' && event.actorRef === channel.actor) {
        channel.eventSeq += 1;
        this.writes.event(eventRecord(channelId, channel.eventSeq, this.clock.now(), event.event));
        this.markDirty(channelId, channel);
      }
      this.options.inspect?.(channelId, event);
    } catch (error) {
      this.logger.error(
        { event: 'channel.inspect_failed', err: error, channelId },
        'inspection of a channel event failed',
      );
    }
  }

  private onSnapshot(channelId: string, value: unknown, context: ChannelContext, status: string): void {
    const channel = this.live.get(channelId);
    if (!channel || this.stopped) return;
    try {
      const previous = channel.context;
      const state = statusOf(value);
      const before = previous === context ? null : previous;
      for (const row of threadChanges(before, context)) this.writes.thread(row);
      const timedOut = timedOutThread(before, context);
      if (timedOut) this.onTimedOut(timedOut);
      channel.context = context;
      channel.status = state;
      this.markDirty(channelId, channel);
      if (status === 'done') {
        this.reap(channelId, channel);
        return;
      }
      if (this.permits.observe(channelId, channel.guildId, permitNeed(state, context), this.clock.now())) {
        this.scheduleGrants();
      }
    } catch (error) {
      this.logger.error(
        { event: 'channel.snapshot_failed', err: error, channelId },
        'handling a channel snapshot failed',
      );
    }
  }

  /**
   * Queues the channel's row for the next tick. The snapshot is read at flush time, so a burst of
   * events costs one copy; `final` pins the snapshot of a channel that is leaving memory.
   */
  private markDirty(channelId: string, channel: LiveChannel, final?: unknown): void {
    const reapedAt = channel.status === 'reaped' ? this.clock.now() : null;
    this.writes.channel(channelId, () => ({
      channelId,
      guildId: channel.guildId,
      machineVersion: CHANNEL_MACHINE_VERSION,
      status: channel.status,
      snapshot: final ?? channel.actor.getPersistedSnapshot(),
      lastEventSeq: channel.eventSeq,
      permitRequestedAt: this.permits.requestedAt(channelId),
      updatedAt: this.clock.now(),
      reapedAt,
    }));
  }

  /**
   * Grants are made once per turn of the event loop, after every change of that turn is known, so
   * channels that became ready together are served in a fixed order (oldest request, then id),
   * live and after a restore alike.
   */
  private scheduleGrants(): void {
    if (this.grantsScheduled) return;
    this.grantsScheduled = true;
    queueMicrotask(() => {
      this.grantsScheduled = false;
      if (this.stopped) return;
      for (const channelId of this.permits.grantable()) {
        const channel = this.live.get(channelId);
        if (channel) channel.actor.send({ type: 'permit.granted' });
        else if (this.permits.forget(channelId)) this.scheduleGrants();
      }
    });
  }

  /**
   * The machine stopped a thread at its deadline (its invoked agent was stopped and aborted with
   * it, so the thread's own failure path does not run): say so, and let whoever asked be told.
   */
  private onTimedOut(thread: TimedOutThread): void {
    const { channelId, guildId, threadId, deadline, timeoutMs } = thread;
    this.logger.warn(
      { event: 'thread.timed_out', channelId, guildId, threadId, deadline, timeoutMs },
      `thread ${threadId} in channel ${channelId} was stopped at its deadline (${timeoutMs} ms)`,
    );
    const notify = this.options.onThreadTimedOut;
    if (!notify) return;
    Promise.resolve()
      .then(() => notify(thread))
      .catch((error: unknown) => {
        this.logger.error(
          { event: 'thread.timeout_report_failed', err: error, channelId, threadId },
          'could not report a timed-out thread',
        );
      });
  }

  private reap(channelId: string, channel: LiveChannel): void {
    this.markDirty(channelId, channel, channel.actor.getPersistedSnapshot());
    channel.subscription.unsubscribe();
    channel.actor.stop();
    this.live.delete(channelId);
    this.logger.debug({ event: 'channel.reaped', channelId }, 'channel reaped');
    if (this.permits.forget(channelId)) this.scheduleGrants();
  }

  /**
   * A channel actor crashed (an action threw). Its errored snapshot is never written: the row keeps
   * the last state flushed, and the next message restores the channel from there. Other channels
   * and the process carry on.
   */
  private onActorError(channelId: string, error: unknown): void {
    this.logger.error(
      { event: 'channel.actor_failed', err: error, channelId },
      'channel actor failed; it will be restored on its next message',
    );
    const channel = this.live.get(channelId);
    if (!channel) return;
    channel.subscription.unsubscribe();
    this.live.delete(channelId);
    this.writes.forget(channelId);
    if (this.permits.forget(channelId)) this.scheduleGrants();
  }

  private pushSettings(channelIds?: string[]): void {
    for (const channelId of channelIds ?? [...this.live.keys()]) {
      const channel = this.live.get(channelId);
      if (!channel) continue;
      channel.actor.send({ type: 'config.updated', settings: this.settingsOf(channel.guildId, channelId) });
    }
  }

  private settingsOf(guildId: string, channelId: string): ChannelSettings {
    return this.options.settingsFor(guildId, channelId);
  }
}
