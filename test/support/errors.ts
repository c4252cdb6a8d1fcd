/** Runs `run` and returns what it threw (fails when it returns). */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw, but it returned');
}

/**
 * Awaits `promise` and returns what it threw (fails when it resolves). Wrapping in an async
 * function works around bun test misreading the openai SDK's promise in `expect().rejects`.
 */
export async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await (async () => await promise)();
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
