/**
 * Gives a thread resumed after a restart its whole timeout from now, in the stored snapshot the
 * channel is restored from: XState restarts the invoked `agentThread` with the input it was given
 * when the thread began, so its `deadline` (ms since the epoch) would still count the time Ery was
 * down, and a thread resumed after a longer stop would end at once as timed out. The machine moves
 * its own deadline the same way when the restore's `timers.rearm` marks the thread resumed
 * (`ThreadRun.resumedAt`). Changes `snapshot` in place; anything not shaped so is left alone.
 */
export function resumeThreadDeadline(snapshot: unknown, now: number, timeoutMs: number): void {
  const input = field(field(field(field(snapshot, 'children'), 'agentThread'), 'snapshot'), 'input');
  if (input !== undefined && typeof (input as { deadline?: unknown }).deadline === 'number') {
    (input as { deadline: number }).deadline = now + timeoutMs;
  }
}

/** `value[key]` when `value` is an object, else undefined. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
