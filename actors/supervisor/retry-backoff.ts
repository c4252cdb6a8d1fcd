/** First retry after a failed write, ms. */
export const FIRST_RETRY_MS = 1_000;
/** Longest wait between two retries, ms: a disk that comes back is written to within this. */
export const MAX_RETRY_MS = 30_000;

/**
 * Bounded exponential backoff for a store that refuses writes (a full or read-only disk, issue 11
 * §3): 1 s, 2 s, 4 s … up to {@link MAX_RETRY_MS}. It also says when the store's state changes,
 * so a writer logs once when writes start failing and once when they go through again, not once
 * per retry.
 */
export class RetryBackoff {
  #failures = 0;

  constructor(
    private readonly firstMs = FIRST_RETRY_MS,
    private readonly maxMs = MAX_RETRY_MS,
  ) {}

  /** Writes failing now (since the last success). */
  get failing(): boolean {
    return this.#failures > 0;
  }

  /** Records a failed write: `first` when the store was fine until now, and when to try again (ms). */
  failed(): { first: boolean; retryInMs: number } {
    this.#failures += 1;
    const retryInMs = Math.min(this.maxMs, this.firstMs * 2 ** Math.min(this.#failures - 1, 30));
    return { first: this.#failures === 1, retryInMs };
  }

  /** Records a write that went through: the failed writes before it (0 when none: no change). */
  succeeded(): number {
    const failures = this.#failures;
    this.#failures = 0;
    return failures;
  }
}
