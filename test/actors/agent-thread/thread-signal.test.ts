import { describe, expect, test } from 'bun:test';
import { AgentThreadError } from '../../../actors/agent-thread/errors.ts';
import { threadSignal } from '../../../actors/agent-thread/thread-signal.ts';
import { systemClock } from '../../../actors/clock.ts';

const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

describe('thread signal', () => {
  test('GIVEN a deadline that has passed THEN the signal aborts with a THREAD_DEADLINE error, as the thread stops', async () => {
    const stop = threadSignal('t1', new AbortController().signal, 1_000, {
      ...systemClock,
      now: () => 2_000,
    });
    await aborted(stop.signal);
    expect(stop.signal.reason).toBeInstanceOf(AgentThreadError);
    expect(stop.signal.reason).toMatchObject({ code: 'THREAD_DEADLINE', threadId: 't1' });
    expect(() => stop.throwIfStopped()).toThrow(expect.objectContaining({ code: 'THREAD_DEADLINE' }));
    stop.dispose();
  });

  test('GIVEN the caller aborts first THEN the signal carries the caller reason and the thread stops as aborted', () => {
    const caller = new AbortController();
    const stop = threadSignal('t2', caller.signal, undefined, systemClock);
    const reason = new Error('actor stopped');
    caller.abort(reason);
    expect(stop.signal.reason).toBe(reason);
    expect(() => stop.throwIfStopped()).toThrow(expect.objectContaining({ code: 'THREAD_ABORTED' }));
    stop.dispose();
  });

  test('GIVEN the clock is past the deadline but its timer has not run THEN the thread still stops as THREAD_DEADLINE', () => {
    let now = 0;
    // A clock whose timers never fire: only the time moves, as when another timer settles first.
    const clock = { ...systemClock, now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    const stop = threadSignal('t3', new AbortController().signal, 1_000, clock);
    expect(() => stop.throwIfStopped()).not.toThrow();
    now = 1_000;
    expect(() => stop.throwIfStopped()).toThrow(expect.objectContaining({ code: 'THREAD_DEADLINE' }));
    expect(stop.signal.aborted).toBe(true);
    stop.dispose();
  });
});
