import type { ActorSystem } from 'xstate';

// biome-ignore lint/suspicious/noExplicitAny: the system's own type parameter is irrelevant here
type AnyActorSystem = ActorSystem<any>;

/**
 * The current time as the actor's own clock sees it. XState's `Clock` interface has no `now()`,
 * but the clocks Ery runs with do: `SimulatedClock` in tests and replay, the live clock from
 * actors/clock.ts in production. Reading the system's clock keeps the machine pure and makes every
 * deadline it records follow simulated time exactly.
 */
export function nowOf(system: AnyActorSystem): number {
  const clock = system._clock as Partial<{ now(): number }>;
  return typeof clock.now === 'function' ? clock.now() : Date.now();
}

/** Milliseconds left until `deadline`, never negative: an overdue timer fires at once. */
export function remainingUntil(deadline: number, system: AnyActorSystem): number {
  return Math.max(0, deadline - nowOf(system));
}
