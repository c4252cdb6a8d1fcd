import { expect, test } from 'bun:test';
import { isAbortReason, step } from '../../src/discord/abort.ts';

test('GIVEN an aborted signal THEN the step is never started', async () => {
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  let started = false;
  const run = step(controller.signal, async () => {
    started = true;
  });
  await expect(run).rejects.toThrow('stop');
  expect(started).toBe(false);
});

test('GIVEN an abort while the step runs THEN the caller is released with the reason', async () => {
  const controller = new AbortController();
  const never = new Promise<string>(() => {});
  const run = step(controller.signal, () => never);
  controller.abort(new Error('cancelled'));
  const error = await run.catch((caught: unknown) => caught);
  expect(isAbortReason(error, controller.signal)).toBe(true);
});

test('GIVEN no abort THEN the step result comes through', async () => {
  const controller = new AbortController();
  expect(await step(controller.signal, async () => 42)).toBe(42);
  expect(await step(undefined, async () => 7)).toBe(7);
});
