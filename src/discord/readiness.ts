/**
 * Whether the Discord client is ready (logged in, READY and the servers' GUILD_CREATEs received),
 * and a way to wait for it. Ery resumes busy threads before that (their model requests need no
 * Discord), so what does need Discord (its REST actions, whose checks read the guild and member
 * caches, and Ery's own id) waits here first.
 */
export class DiscordReadiness {
  #ready = false;
  readonly #waiters = new Set<() => void>();

  /** True from the first ready on (a later reconnect does not take it back). */
  get ready(): boolean {
    return this.#ready;
  }

  /**
   * Resolves once Discord is ready (at once when it is). Rejects only with `signal`'s reason when
   * it aborts first: a login that fails or never ends leaves the wait pending, since its callers
   * (agent threads) must stop because Ery stops, never fail, or a thread cut off this way would be
   * recorded as failed instead of resuming at the next start.
   */
  wait(signal?: AbortSignal): Promise<void> {
    if (this.#ready) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters.delete(done);
        reject(signal?.reason);
      };
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#waiters.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Discord is ready: every wait resolves. */
  markReady(): void {
    if (this.#ready) return;
    this.#ready = true;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const done of waiters) done();
  }
}
