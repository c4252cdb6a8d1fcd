/**
 * The durable execution log of agent threads. Every model response and every tool result is put
 * here as soon as it exists; a thread that runs again (after a crash, on restore) reads it back
 * instead of calling the model or the tool again, so Discord side effects happen at most once per
 * logged call. `src/db/step-log.ts` implements it over SQLite.
 */
export interface StepLog {
  /** The payload recorded under `key`, or undefined when nothing was recorded. */
  get(key: string): Promise<unknown | undefined> | unknown | undefined;
  /** Records `payload` under `key`. A key already recorded keeps its first payload. */
  put(
    key: string,
    threadId: string,
    step: number,
    kind: 'model' | 'tool',
    payload: unknown,
  ): void | Promise<void>;
}

/** Key of the model's response at `step` (1-based). */
export function modelStepKey(threadId: string, step: number): string {
  return `${threadId}:${step}:model`;
}

/** Key of the result of tool call `callId` made at `step`. */
export function toolStepKey(threadId: string, step: number, callId: string): string {
  return `${threadId}:${step}:${callId}`;
}

/** A {@link StepLog} in a Map: for tests and for running without a database. Lost on exit. */
export function createMemoryStepLog(): StepLog & { readonly entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return {
    entries,
    get: (key) => (entries.has(key) ? structuredClone(entries.get(key)) : undefined),
    put(key, _threadId, _step, _kind, payload) {
      if (!entries.has(key)) entries.set(key, structuredClone(payload));
    },
  };
}
