import { describe, expect, test } from 'bun:test';
import type { RunningEry } from '../../src/app/run.ts';
import { stopWithin } from '../../src/commands/start.ts';
import { captureLogger } from '../support/capture-logger.ts';

/** Only `stop` is used by stopWithin; the rest of a running Ery is not needed here. */
const eryStopping = (stop: () => Promise<void>) => ({ stop }) as unknown as RunningEry;

async function run(stop: () => Promise<void>, timeoutMs = 50) {
  const { logger, lines } = captureLogger();
  const codes: number[] = [];
  await stopWithin(eryStopping(stop), 'SIGTERM', { logger, timeoutMs, exit: (code) => codes.push(code) });
  return { codes, events: lines.map((line) => line.event) };
}

describe('GIVEN a stop asked for by a signal', () => {
  test('WHEN everything stops THEN the process exits 0', async () => {
    expect(await run(async () => {})).toEqual({ codes: [0], events: ['ery.stopping'] });
  });

  test('WHEN the stop fails THEN it is logged and the process exits 1', async () => {
    const outcome = await run(async () => {
      throw new Error('disk gone');
    });
    expect(outcome).toEqual({ codes: [1], events: ['ery.stopping', 'ery.stop_failed'] });
  });

  test('WHEN the stop never ends THEN after ERY_SHUTDOWN_TIMEOUT_MS it is logged and the process exits 1, once', async () => {
    const outcome = await run(() => new Promise<void>(() => {}));
    expect(outcome).toEqual({ codes: [1], events: ['ery.stopping', 'ery.stop_timeout'] });
  });
});
