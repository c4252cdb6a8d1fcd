import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { MemoryReclaim, RECLAIM_AFTER_CHANNELS, RECLAIM_DELAY_MS } from '../../src/app/memory-reclaim.ts';
import { captureLogger } from '../support/capture-logger.ts';

function reclaimer(reclaim: () => void = () => {}) {
  const clock = new SimulatedClock();
  const logs = captureLogger();
  let runs = 0;
  const memory = new MemoryReclaim(clock, logs.logger, () => {
    runs += 1;
    reclaim();
  });
  return { clock, logs, memory, runs: () => runs };
}

describe('giving memory back after passivation', () => {
  test('GIVEN fewer channels passivated than the threshold THEN nothing is reclaimed', () => {
    const { clock, memory, runs } = reclaimer();
    memory.passivated(RECLAIM_AFTER_CHANNELS - 1);
    clock.increment(RECLAIM_DELAY_MS * 10);
    expect(runs()).toBe(0);
  });

  test('GIVEN sweeps that together passivate the threshold THEN one reclaim runs, after the delay', () => {
    const { clock, memory, runs } = reclaimer();
    memory.passivated(RECLAIM_AFTER_CHANNELS / 2);
    memory.passivated(RECLAIM_AFTER_CHANNELS / 2);
    memory.passivated(RECLAIM_AFTER_CHANNELS);
    clock.increment(RECLAIM_DELAY_MS - 1);
    expect(runs()).toBe(0);
    clock.increment(1);
    expect(runs()).toBe(1);
    clock.increment(RECLAIM_DELAY_MS * 10);
    expect(runs()).toBe(1);
    // The count starts again after a reclaim.
    memory.passivated(RECLAIM_AFTER_CHANNELS);
    clock.increment(RECLAIM_DELAY_MS);
    expect(runs()).toBe(2);
  });

  test('GIVEN a reclaim pending WHEN Ery stops THEN it never runs', () => {
    const { clock, memory, runs } = reclaimer();
    memory.passivated(RECLAIM_AFTER_CHANNELS);
    memory.stop();
    clock.increment(RECLAIM_DELAY_MS);
    expect(runs()).toBe(0);
  });

  test('GIVEN the runtime refuses THEN it is logged, not thrown', () => {
    const { clock, logs, memory } = reclaimer(() => {
      throw new Error('no');
    });
    memory.passivated(RECLAIM_AFTER_CHANNELS);
    expect(() => clock.increment(RECLAIM_DELAY_MS)).not.toThrow();
    expect(logs.lines.map((line) => line.event)).toContain('memory.reclaim_failed');
  });

  test("GIVEN Bun's own reclaim THEN it runs and logs the resident set before and after", () => {
    const clock = new SimulatedClock();
    const { logger, lines } = captureLogger();
    const memory = new MemoryReclaim(clock, logger);
    memory.passivated(RECLAIM_AFTER_CHANNELS);
    clock.increment(RECLAIM_DELAY_MS);
    const logged = lines.find((line) => line.event === 'memory.reclaimed');
    expect(logged).toMatchObject({ channels: RECLAIM_AFTER_CHANNELS });
    expect(logged?.rssAfter).toBeGreaterThan(0);
    expect(logged?.rssBefore).toBeGreaterThan(0);
  });
});
