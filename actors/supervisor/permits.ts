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
 * Waiting channels are kept in one ordered queue per server, so a grant looks at each server's
 * oldest request only: sorting every waiting channel at every grant was a third of ingest's CPU
 * with thousands waiting (issue 10, `ery bench` profile).
 */
export class PermitPool {
  private readonly running = new Map<string, string>();
  private readonly waiting = new Map<string, Request>();
  /** Per server, its waiting channels in the order they are served. */
  private readonly queues = new Map<string, string[]>();
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
      this.unqueue(channelId);
      if (this.running.has(channelId)) return false;
      this.running.set(channelId, guildId);
      this.perGuild.set(guildId, this.runningIn(guildId) + 1);
      return false;
    }
    const released = this.release(channelId);
    if (need === 'none') {
      this.unqueue(channelId);
      return released;
    }
    if (!this.waiting.has(channelId)) this.enqueue(channelId, { guildId, requestedAt: requestedAt ?? now });
    return true;
  }

  /** Forgets a channel entirely (stopped, reaped, crashed); true when that freed a permit. */
  forget(channelId: string): boolean {
    this.unqueue(channelId);
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

  /** How many channels wait for a permit. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Channels waiting for a permit, in the order they will be served (for inspection and tests). */
  get waitingChannels(): string[] {
    return [...this.waiting.keys()].sort((a, b) => this.order(a, b));
  }

  /**
   * Waiting channels that fit under both limits now, in order. Each pick counts as running, so a
   * burst of grants never overshoots before the channels report back. Costs one look at each
   * server's queue head per grant, however many channels wait.
   */
  grantable(): string[] {
    const granted: string[] = [];
    let total = this.running.size;
    if (total >= this.limits.maxRunning) return granted;
    const heads: Array<{ queue: string[]; next: number; room: number }> = [];
    for (const [guildId, queue] of this.queues) {
      const room = this.limits.maxRunningPerGuild - this.runningIn(guildId);
      if (room > 0) heads.push({ queue, next: 0, room });
    }
    while (total < this.limits.maxRunning && heads.length > 0) {
      let best = 0;
      for (let index = 1; index < heads.length; index += 1) {
        const head = heads[index] as (typeof heads)[number];
        const current = heads[best] as (typeof heads)[number];
        if (this.order(head.queue[head.next] as string, current.queue[current.next] as string) < 0)
          best = index;
      }
      const head = heads[best] as (typeof heads)[number];
      granted.push(head.queue[head.next] as string);
      head.next += 1;
      head.room -= 1;
      total += 1;
      if (head.room === 0 || head.next >= head.queue.length) heads.splice(best, 1);
    }
    return granted;
  }

  /** Serving order: oldest request first, then channel id. */
  private order(a: string, b: string): number {
    const first = this.waiting.get(a) as Request;
    const second = this.waiting.get(b) as Request;
    return first.requestedAt - second.requestedAt || (a < b ? -1 : a > b ? 1 : 0);
  }

  private enqueue(channelId: string, request: Request): void {
    this.waiting.set(channelId, request);
    let queue = this.queues.get(request.guildId);
    if (!queue) {
      queue = [];
      this.queues.set(request.guildId, queue);
    }
    // New requests are the latest: nearly always appended, found at once by the search.
    queue.splice(this.position(queue, channelId), 0, channelId);
  }

  private unqueue(channelId: string): void {
    const request = this.waiting.get(channelId);
    if (!request) return;
    const queue = this.queues.get(request.guildId) ?? [];
    const at = this.position(queue, channelId);
    if (queue[at] === channelId) queue.splice(at, 1);
    else queue.splice(queue.indexOf(channelId), 1);
    if (queue.length === 0) this.queues.delete(request.guildId);
    this.waiting.delete(channelId);
  }

  /** Where `channelId` is, or goes, in `queue` (kept in serving order). */
  private position(queue: readonly string[], channelId: string): number {
    let low = 0;
    let high = queue.length;
    if (high > 0 && this.order(queue[high - 1] as string, channelId) < 0) return high;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.order(queue[mid] as string, channelId) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private release(channelId: string): boolean {
    const guildId = this.running.get(channelId);
    if (guildId === undefined) return false;
    this.running.delete(channelId);
    this.perGuild.set(guildId, this.runningIn(guildId) - 1);
    return true;
  }
}
