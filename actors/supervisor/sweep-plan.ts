/** A live channel as passivation reads it. */
export interface IdleCandidate {
  guildId: string;
  status: string;
  context: { idleSince: number | null; settings: { idleTimeoutMs: number } };
}

/**
 * When a live channel is to be passivated (ms since the epoch), or null: only an idle one, and only
 * when its idle timeout is longer than `afterMs` (otherwise its machine reaps it first).
 */
export function passivateAt(channel: IdleCandidate, afterMs: number): number | null {
  const { idleSince, settings } = channel.context;
  if (channel.status !== 'idle' || idleSince === null || settings.idleTimeoutMs <= afterMs) return null;
  return idleSince + afterMs;
}

/** What one sweep does. */
export interface SweepPlan {
  /** Live channels idle long enough to passivate now. */
  passivate: string[];
  /** Passive channels whose idle timeout is due: to restore, so their machine reaps them. */
  due: string[];
  /** When the next sweep is needed, ms since the epoch (Infinity: none). */
  next: number;
}

/**
 * Plans one passivation sweep at `now` (ms since the epoch) over the live channels and the passive
 * ones (see {@link passivateAt}). `idleTimeoutOf` resolves a passive channel's idle timeout
 * from today's settings, so a change made while it slept counts. Pure: it changes nothing.
 */
export function planSweep(
  live: ReadonlyMap<string, IdleCandidate>,
  passive: ReadonlyMap<string, { guildId: string; idleSince: number }>,
  options: { now: number; afterMs: number; idleTimeoutOf: (guildId: string, channelId: string) => number },
): SweepPlan {
  const plan: SweepPlan = { passivate: [], due: [], next: Number.POSITIVE_INFINITY };
  for (const [channelId, channel] of live) {
    const at = passivateAt(channel, options.afterMs);
    if (at === null) continue;
    if (at <= options.now) plan.passivate.push(channelId);
    else plan.next = Math.min(plan.next, at);
  }
  for (const [channelId, channel] of passive) {
    const at = channel.idleSince + options.idleTimeoutOf(channel.guildId, channelId);
    if (at <= options.now) plan.due.push(channelId);
    else plan.next = Math.min(plan.next, at);
  }
  return plan;
}
