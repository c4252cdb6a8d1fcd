import type { Logger } from '../../src/logger.ts';
import type { Clock } from '../clock.ts';
import type { LiveChannel } from './supervisor.types.ts';
import { type IdleCandidate, passivateAt, planSweep } from './sweep-plan.ts';

/** How long a channel stays idle in memory before it is passivated (ms), unless told otherwise. */
export const DEFAULT_PASSIVATE_AFTER_MS = 60_000;
/** Sweeps are at least this far apart (ms), so thousands of deadlines cost one pass each second. */
export const MIN_SWEEP_SPACING_MS = 1_000;

/** What is kept of a passivated channel: enough to restore it, and to know when it is due. */
export interface PassiveChannel {
  guildId: string;
  /** When it became idle, ms since the epoch (from its context). */
  idleSince: number;
}

/** What passivation does through the supervisor. */
export interface PassivationHost {
  live: ReadonlyMap<string, LiveChannel>;
  /** A channel's idle timeout (ms) from today's settings. */
  idleTimeoutOf(guildId: string, channelId: string): number;
  /**
   * Stores every pending write: the idle snapshots must be on disk before the actors go. False
   * when the store refused them: nothing is passivated then, and the sweep comes back later.
   */
  beforePassivating(): boolean;
  /** Stops a channel's actor and drops it from memory. */
  passivate(channelId: string, channel: LiveChannel): void;
  /** Restores a passive channel whose idle timeout is due, so its machine reaps it. */
  wake(channelId: string): void;
  /** After a sweep that passivated `count` channels. */
  passivated(count: number): void;
  stopped(): boolean;
  logger: Logger;
}

/**
 * Passivation, as Akka and Orleans call it: an idle channel actor is stopped and dropped from
 * memory once it has been idle for `afterMs`. Its snapshot is already stored as `idle`, so what
 * remains is one small entry here instead of a live XState actor (issue 10: memory per idle
 * channel). The supervisor restores a passive channel on its next message ({@link take}), and
 * this restores it when its idle timeout is due, so the machine itself reaps it and the event log
 * says so. One timer, on the `Clock`, sweeps both.
 */
export class Passivation {
  readonly #passive = new Map<string, PassiveChannel>();
  readonly #afterMs: number;
  #timer: unknown = null;
  #armedFor = Number.POSITIVE_INFINITY;
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    afterMs: number | undefined,
    private readonly host: PassivationHost,
  ) {
    this.#afterMs = Math.max(0, afterMs ?? DEFAULT_PASSIVATE_AFTER_MS);
  }

  /** How many channels are passive. */
  get size(): number {
    return this.#passive.size;
  }

  /** Takes a channel out (it is being loaded again); undefined when it was not passive. */
  take(channelId: string): PassiveChannel | undefined {
    const channel = this.#passive.get(channelId);
    this.#passive.delete(channelId);
    return channel;
  }

  /** Every passive channel, with when its idle timeout is due (ms since the epoch). */
  list(): Array<PassiveChannel & { channelId: string; reapAt: number }> {
    return [...this.#passive].map(([channelId, channel]) => ({
      channelId,
      ...channel,
      reapAt: channel.idleSince + this.host.idleTimeoutOf(channel.guildId, channelId),
    }));
  }

  /** Called with every new snapshot of a live channel: an idle one gets a sweep at its time. */
  observe(channel: IdleCandidate): void {
    const at = passivateAt(channel, this.#afterMs);
    if (at !== null) this.#sweepAt(at);
  }

  /** Cancels the sweep and forgets the passive channels; they stay stored as they are. */
  stop(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#armedFor = Number.POSITIVE_INFINITY;
    this.#passive.clear();
  }

  #sweep(): void {
    const { host } = this;
    if (host.stopped()) return;
    this.#lastSweep = this.clock.now();
    const plan = planSweep(host.live, this.#passive, {
      now: this.#lastSweep,
      afterMs: this.#afterMs,
      idleTimeoutOf: host.idleTimeoutOf,
    });
    let next = plan.next;
    const stored = plan.passivate.length === 0 || host.beforePassivating();
    // Kept in memory while the store refuses writes; tried again after another `afterMs`.
    if (!stored) next = Math.min(next, this.#lastSweep + this.#afterMs);
    let passivated = 0;
    for (const channelId of stored ? plan.passivate : []) {
      const channel = host.live.get(channelId);
      const idleSince = channel?.context.idleSince;
      if (!channel || idleSince == null) continue;
      host.passivate(channelId, channel);
      passivated += 1;
      this.#passive.set(channelId, { guildId: channel.guildId, idleSince });
      // Passive now, it is due when its idle timeout ends.
      next = Math.min(next, idleSince + host.idleTimeoutOf(channel.guildId, channelId));
    }
    for (const channelId of plan.due) {
      this.#passive.delete(channelId);
      host.wake(channelId);
    }
    if (plan.passivate.length + plan.due.length > 0) {
      host.logger.debug(
        { event: 'channel.passivation.swept', passivated: plan.passivate.length, due: plan.due.length },
        'idle channels passivated, or restored to be reaped',
      );
    }
    if (next !== Number.POSITIVE_INFINITY) this.#sweepAt(next);
    if (passivated > 0) host.passivated(passivated);
  }

  /** Makes sure a sweep runs at `at` (ms since the epoch) or earlier, never sooner than the spacing. */
  #sweepAt(at: number): void {
    const when = Math.max(at, this.#lastSweep + MIN_SWEEP_SPACING_MS);
    if (this.#timer !== null && this.#armedFor <= when) return;
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#armedFor = when;
    this.#timer = this.clock.setTimeout(
      () => {
        this.#timer = null;
        this.#armedFor = Number.POSITIVE_INFINITY;
        this.#sweep();
      },
      Math.max(0, when - this.clock.now()),
    );
  }
}
