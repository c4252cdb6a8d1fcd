import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { Clock } from './clock.ts';

/** Where an {@link EventClock} hands on every inspection event: a function, or an object's `inspected`. */
export type InspectionTarget =
  | ((event: InspectionEvent) => void)
  | { inspected(event: InspectionEvent): void };

/**
 * One channel actor's clock, read once per event, and the actor's inspection observer that stamps
 * it. The machine reads `now()` in several actions of one step (a thread's end, then the
 * cooldown's start); on the wall clock those reads can fall in different milliseconds, and the log,
 * which keeps one time per event, could not reproduce them. So `now()` answers the time stamped
 * when the actor's current event arrived (`next` sees it first: XState inspects an event before it
 * processes it), and replay (src/replay) feeds each logged event at its logged time to get the very
 * same context. Before the first event, the stamp is the clock's creation: the initial context is
 * computed at that instant (`xstate.init` keeps it). Timers are the base clock's. One object for
 * both roles: every live channel keeps one.
 */
export class EventClock implements Clock {
  private stamp: number;
  /** Set once the actor is built; an event seen before is not its own. */
  actor: AnyActorRef | undefined;

  constructor(
    private readonly base: Clock,
    private readonly target: InspectionTarget,
  ) {
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

  /**
   * The actor's inspection observer (XState's `inspect` option): stamps each of the actor's own
   * events but `xstate.init`, then hands every event on to the target.
   */
  next(event: InspectionEvent): void {
    if (
      event.type === '@xstate.event' &&
      event.actorRef === this.actor &&
      event.event.type !== 'xstate.init'
    ) {
      this.mark();
    }
    if (typeof this.target === 'function') this.target(event);
    else this.target.inspected(event);
  }

  // biome-ignore lint/suspicious/noExplicitAny: XState's own Clock signature
  setTimeout(fn: (...args: any[]) => void, ms: number): unknown {
    return this.base.setTimeout(fn, ms);
  }

  clearTimeout(id: unknown): void {
    this.base.clearTimeout(id);
  }
}
