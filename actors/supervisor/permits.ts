/** Concurrency limits on agent threads. */
export interface PermitLimits {
  /** Threads running at once across all servers. */
  maxRunning: number;
  /** Threads running at once in one server. */
  maxRunningPerGuild: number;
}

/** What a channel needs from the pool, as read from its latest snapshot. */
export type PermitNeed = 'none' | 'waiting' | 'running';

/**
 * Run permits. A channel holds one while its thread runs; a channel whose batch is ready waits in
 * arrival order. `observe` is fed every snapshot change and returns the channels that may start
 * now, oldest request first, skipping (not blocking on) channels whose server is at its own limit.
 */
export class PermitPool {
  private readonly running = new Map<string, string>();
  private readonly waiting = new Map<string, string>();
  private readonly perGuild = new Map<string, number>();

  constructor(private limits: PermitLimits) {}

  /** Records what `channelId` needs now; returns channels to grant a permit to, in order. */
  observe(channelId: string, guildId: string, need: PermitNeed): string[] {
    if (need === 'running') {
      this.waiting.delete(channelId);
      if (!this.running.has(channelId)) {
        this.running.set(channelId, guildId);
        this.perGuild.set(guildId, (this.perGuild.get(guildId) ?? 0) + 1);
      }
      return [];
    }
    const released = this.release(channelId);
    if (need === 'waiting' && !this.waiting.has(channelId)) this.waiting.set(channelId, guildId);
    if (need === 'none') this.waiting.delete(channelId);
    return released || need === 'waiting' ? this.grantable() : [];
  }

  /** Forgets a channel entirely (stopped, reaped, crashed); returns channels that may start. */
  forget(channelId: string): string[] {
    this.waiting.delete(channelId);
    return this.release(channelId) ? this.grantable() : [];
  }

  /** New limits apply to the next grant; threads already running are never stopped. */
  setLimits(limits: PermitLimits): string[] {
    this.limits = limits;
    return this.grantable();
  }

  get runningCount(): number {
    return this.running.size;
  }

  runningIn(guildId: string): number {
    return this.perGuild.get(guildId) ?? 0;
  }

  /** Channels waiting for a permit, oldest first. */
  get waitingChannels(): string[] {
    return [...this.waiting.keys()];
  }

  private release(channelId: string): boolean {
    const guildId = this.running.get(channelId);
    if (guildId === undefined) return false;
    this.running.delete(channelId);
    this.perGuild.set(guildId, (this.perGuild.get(guildId) ?? 1) - 1);
    return true;
  }

  /**
   * Picks waiting channels that fit under both limits, counting each pick as running so a burst
   * of grants can never overshoot before the channels report back.
   */
  private grantable(): string[] {
    const granted: string[] = [];
    let total = this.running.size;
    const planned = new Map<string, number>();
    for (const [channelId, guildId] of this.waiting) {
      if (total >= this.limits.maxRunning) break;
      const inGuild = this.runningIn(guildId) + (planned.get(guildId) ?? 0);
      if (inGuild >= this.limits.maxRunningPerGuild) continue;
      granted.push(channelId);
      planned.set(guildId, (planned.get(guildId) ?? 0) + 1);
      total += 1;
    }
    return granted;
  }
}
