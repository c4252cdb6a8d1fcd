/**
 * The `Clock` port: XState's timer interface plus `now()`. The channel machine reads `now()` from
 * its actor system's clock (machines/clock.ts), so one object drives both timers and timestamps:
 * the live clock in production, `SimulatedClock` (which has `now()`) in tests and replay.
 */
export interface Clock {
  now(): number;
  // biome-ignore lint/suspicious/noExplicitAny: XState's own Clock signature
  setTimeout(fn: (...args: any[]) => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Wall-clock time and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};
