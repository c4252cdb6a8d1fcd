import type { Clock } from '../../actors/clock.ts';

/**
 * A `Clock` whose time starts at a chosen instant and runs on from there, with real timers, and
 * that a test can move forward (`advance`) to be past a window without waiting for it. For runs of
 * the whole app, whose timers must keep firing on their own (a SimulatedClock would hold them until
 * incremented). Move it only while no thread runs: a running thread would see its deadline pass.
 */
export class ShiftedClock implements Clock {
  #offset: number;

  constructor(start: number) {
    this.#offset = start - Date.now();
  }

  now(): number {
    return Date.now() + this.#offset;
  }

  /** Moves the time forward by `ms`. */
  advance(ms: number): void {
    this.#offset += ms;
  }

  // biome-ignore lint/suspicious/noExplicitAny: XState's own Clock signature
  setTimeout(fn: (...args: any[]) => void, ms: number): unknown {
    return setTimeout(fn, ms);
  }

  clearTimeout(id: unknown): void {
    clearTimeout(id as ReturnType<typeof setTimeout>);
  }
}
