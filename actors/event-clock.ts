import type { Clock } from './clock.ts';

/**
 * One channel actor's clock, read once per event. The machine reads `now()` in several actions of
 * one step (a thread's end, then the cooldown's start); on the wall clock those reads can fall in
 * different milliseconds, and the log, which keeps one time per event, could not reproduce them.
 * So `now()` answers the time stamped when the actor's current event arrived (`mark`), and replay
 * (src/replay) feeds each logged event at its logged time to get the very same context. Before the
 * first event, the stamp is the clock's creation: the initial context is computed at that instant.
 * Timers are the base clock's.
 */
export class EventClock implements Clock {
  private stamp: number;

  constructor(private readonly base: Clock) {
    this.stamp = base.now();
  }

  /** The time of the event being processed, ms since the epoch. */
  now(): number {
    return this.stamp;
  }

  /** Stamps the event that just arrived with the base clock's time, and returns it. */
  mark(): number {
    this.stamp = this.base.now();
    return this.stamp;
  }

  // biome-ignore lint/suspicious/noExplicitAny: XState's own Clock signature
  setTimeout(fn: (...args: any[]) => void, ms: number): unknown {
    return this.base.setTimeout(fn, ms);
  }

  clearTimeout(id: unknown): void {
    this.base.clearTimeout(id);
  }
}
