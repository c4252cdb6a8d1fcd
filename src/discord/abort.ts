/**
 * Runs one awaited step of a Discord operation under an `AbortSignal`: it is not started when the
 * signal is already aborted, and the caller is released as soon as the signal aborts, with
 * `signal.reason`, like `fetch`.
 *
 * discord.js managers take no signal, so a request already on the wire still completes; its result
 * is discarded. That is why the side effects that must not repeat carry their own idempotency
 * (message nonces; bans, roles and timeouts are idempotent by nature).
 */
export async function step<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  signal?.throwIfAborted();
  if (!signal) return work();
  const watched = signal;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(watched.reason);
    watched.addEventListener('abort', onAbort, { once: true });
    work().then(
      (value) => {
        watched.removeEventListener('abort', onAbort);
        if (watched.aborted) reject(watched.reason);
        else resolve(value);
      },
      (error: unknown) => {
        watched.removeEventListener('abort', onAbort);
        reject(watched.aborted ? watched.reason : error);
      },
    );
  });
}

/** True when `error` is the reason of an aborted `signal` (so it must pass through unmapped). */
export function isAbortReason(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && error === signal.reason;
}
