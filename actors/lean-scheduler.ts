import type { ActorSystem, AnyActorRef, EventObject } from 'xstate';
import type { Clock } from './clock.ts';

/** A delayed event as XState lists it (`ActorSystem.getSnapshot()._scheduledEvents`). */
interface ScheduledEvent {
  id: string;
  event: EventObject;
  startedAt: number;
  delay: number;
  source: AnyActorRef;
  target: AnyActorRef;
}

/** The parts of XState 5's actor system the scheduler uses; `_relay` delivers a due event. */
// biome-ignore lint/suspicious/noExplicitAny: the system's own type parameter is irrelevant here
type System = ActorSystem<any> & {
  _relay(source: AnyActorRef, target: AnyActorRef, event: EventObject): void;
};

/** One pending delayed event and its timer. */
class Pending implements ScheduledEvent {
  constructor(
    readonly key: string,
    readonly source: AnyActorRef,
    readonly target: AnyActorRef,
    readonly event: EventObject,
    readonly delay: number,
    readonly id: string,
    readonly startedAt: number,
    public timeout: unknown = undefined,
  ) {}
}

/**
 * XState's scheduler of delayed events (`after`, delayed `raise` and `sendTo`) for one actor
 * system, holding its few pending events in a small array. XState's own keeps them in two plain
 * objects keyed by `<sessionId>.<id>`; a session id is unique to its actor, so in JSC every timer
 * set or cleared gives those objects a new hidden class (a `Structure`, 112 B) and the actor keeps
 * the chain of them: ~9 (1 KiB) for a channel after one thread, more with each timer (issue 10:
 * heap per idle channel). Semantics as XState 5.33's `createSystem`: a second schedule under the
 * same id replaces the entry and leaves the first timer to fire; a due event is removed, then
 * relayed through the system (so inspection sees it).
 */
export class LeanScheduler {
  #pending: Pending[] = [];

  constructor(
    private readonly system: System,
    private readonly clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  ) {}

  schedule(source: AnyActorRef, target: AnyActorRef, event: EventObject, delay: number, id?: string): void {
    const eventId = id ?? Math.random().toString(36).slice(2);
    const pending = new Pending(
      `${source.sessionId}.${eventId}`,
      source,
      target,
      event,
      delay,
      eventId,
      Date.now(),
    );
    // In place, as an object's existing key keeps its place in XState's listing.
    const at = this.#pending.findIndex((other) => other.key === pending.key);
    if (at === -1) this.#pending.push(pending);
    else this.#pending[at] = pending;
    pending.timeout = this.clock.setTimeout(() => {
      // By key, as XState does: a later schedule under the same id loses its entry here too.
      this.#remove(pending.key);
      this.system._relay(source, target, event);
    }, delay);
  }

  cancel(source: AnyActorRef, id: string): void {
    const pending = this.#remove(`${source.sessionId}.${id}`);
    if (pending?.timeout !== undefined) this.clock.clearTimeout(pending.timeout);
  }

  cancelAll(actorRef: AnyActorRef): void {
    for (const pending of [...this.#pending]) {
      if (pending.source === actorRef) this.cancel(actorRef, pending.id);
    }
  }

  /** The pending events by key, as XState's `system.getSnapshot()` gives them. */
  snapshot(): { _scheduledEvents: Record<string, ScheduledEvent> } {
    const events: Record<string, ScheduledEvent> = {};
    for (const { key, source, target, event, delay, id, startedAt } of this.#pending)
      events[key] = { source, target, event, delay, id, startedAt };
    return { _scheduledEvents: events };
  }

  #remove(key: string): Pending | undefined {
    const at = this.#pending.findIndex((pending) => pending.key === key);
    if (at === -1) return undefined;
    const [pending] = this.#pending.splice(at, 1);
    return pending;
  }
}

/** `system.getSnapshot`, shared by every system given a {@link LeanScheduler} (called as its method). */
function leanSystemSnapshot(this: { scheduler: LeanScheduler }) {
  return this.scheduler.snapshot();
}

/**
 * Gives a new actor's system a {@link LeanScheduler} (before the actor starts: nothing is scheduled
 * yet, and XState's `system.start()` finds nothing to move). `system.getSnapshot()` lists its
 * events. Leaves a system that was restored with delayed events (a snapshot's `scheduler`) as is.
 */
export function useLeanScheduler(
  actor: AnyActorRef,
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
): void {
  const system = actor.system as System;
  if (Object.keys(system.getSnapshot()._scheduledEvents).length > 0) return;
  const scheduler = new LeanScheduler(system, clock);
  system.scheduler = scheduler;
  system.getSnapshot = leanSystemSnapshot as System['getSnapshot'];
}
