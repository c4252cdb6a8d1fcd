/** Concurrency limits on agent threads. */
export interface PermitLimits {
  /** Threads running at once across all servers. */
  maxRunning: number;
  /** Threads running at once in one server. */
  maxRunningPerGuild: number;
}

/** What a channel needs from the pool, as read from its latest snapshot. */
export type PermitNeed = 'none' | 'waiting' | 'running';

interface Request {
  guildId: string;
  requestedAt: number;
}

/**
 * Run permits. A channel holds one while its thread runs; a channel whose batch is ready waits.
 * Waiting channels are served oldest request first (ties by channel id, so the order is the same
 * after a restore), skipping — not blocking on — channels whose server is at its own limit.
 */
export class PermitPool {
  private readonly running = new Map<string, string>();
  private readonly waiting = new Map<string, Request>();
  private readonly perGuild = new Map<string, number>();

  constructor(private limits: PermitLimits) {}

  /**
   * Records what `channelId` needs now. A new wait is stamped `now` unless `requestedAt` carries
   * the time of a request made before a restart. Returns true when a grant may have become possible.
   */
  observe(
    channelId: string,
    guildId: string,
    need: PermitNeed,
    now: number,
    requestedAt?: number | null,
  ): boolean {
    if (need === 'running') {
      this.waiting.delete(channelId);
      if (this.running.has(channelId)) return false;
      this.running.set(channelId, guildId);
      this.perGuild.set(guildId, this.runningIn(guildId) + 1);
      return false;
    }
    const released = this.release(channelId);
    if (need === 'none') {
      this.waiting.delete(channelId);
      return released;
    }
    if (!this.waiting.has(channelId))
      this.waiting.set(channelId, { guildId, requestedAt: requestedAt ?? now });
    return true;
  }

  /** Forgets a channel entirely (stopped, reaped, crashed); true when that freed a permit. */
  forget(channelId: string): boolean {
    this.waiting.delete(channelId);
    return this.release(channelId);
  }

  /** New limits apply to the next grant; threads already running are never stopped. */
  setLimits(limits: PermitLimits): void {
    this.limits = limits;
  }

  /** When a waiting channel asked for its permit, or null when it is not waiting. */
  requestedAt(channelId: string): number | null {
    return this.waiting.get(channelId)?.requestedAt ?? null;
  }

  get runningCount(): number {
    return this.running.size;
  }

  runningIn(guildId: string): number {
    return this.perGuild.get(guildId) ?? 0;
  }

  /** Channels waiting for a permit, in the order they will be served. */
  get waitingChannels(): string[] {
    return [...this.waiting.entries()]
      .sort(([idA, a], [idB, b]) => a.requestedAt - b.requestedAt || (idA < idB ? -1 : idA > idB ? 1 : 0))
      .map(([channelId]) => channelId);
  }

  /**
   * Waiting channels that fit under both limits now, in order. Each pick counts as running, so a
   * burst of grants never overshoots before the channels report back.
   */
  grantable(): string[] {
    const granted: string[] = [];
    let total = this.running.size;
    const planned = new Map<string, number>();
    for (const channelId of this.waitingChannels) {
      if (total >= this.limits.maxRunning) break;
      const guildId = this.waiting.get(channelId)?.guildId ?? '';
      const inGuild = this.runningIn(guildId) + (planned.get(guildId) ?? 0);
      if (inGuild >= this.limits.maxRunningPerGuild) continue;
      granted.push(channelId);
      planned.set(guildId, (planned.get(guildId) ?? 0) + 1);
      total += 1;
    }
    return granted;
  }

  private release(channelId: string): boolean {
    const guildId = this.running.get(channelId);
    if (guildId === undefined) return false;
    this.running.delete(channelId);
    this.perGuild.set(guildId, this.runningIn(guildId) - 1);
    return true;
  }
}
