/**
 * Waits, checking every 20 ms, until `check` holds; throws naming `what` after `timeoutMs` (default
 * 10 s). For what happens on its own time: a socket opening, a stream being dropped.
 */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}
