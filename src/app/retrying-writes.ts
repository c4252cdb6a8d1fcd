import { RetryBackoff } from '../../actors/supervisor/retry-backoff.ts';
import type { Logger } from '../logger.ts';
import type { StorageHealth, StoreName } from './storage-health.ts';

/** What a {@link RetryingWrites} needs: where it reports and logs, and how it writes rows. */
export interface RetryingWritesOptions<T> {
  store: StoreName;
  /** Writes `rows` in order, all or none (one transaction); throws when the database refuses. */
  write: (rows: readonly T[]) => void;
  health?: StorageHealth | undefined;
  logger: Logger;
}

/**
 * Rows written at once when the database takes them, and kept in memory, in order, when it does
 * not (a full or read-only disk, issue 11 §3): they are written again with a bounded backoff
 * (`RetryBackoff`) until they all go through, and no later row overtakes them. Never throws.
 * Logs `storage.write_failed` once when the store starts failing and `storage.recovered` once
 * when it writes again; every failure is counted by `health`.
 */
export class RetryingWrites<T> {
  #pending: T[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #backoff = new RetryBackoff();

  constructor(private readonly options: RetryingWritesOptions<T>) {}

  /** Writes `row` now, after every row still pending; keeps it if the database refuses. */
  push(row: T): void {
    this.#pending.push(row);
    // While failing, the backoff's retry writes it with the others.
    if (!this.#backoff.failing) this.flush();
  }

  /** Rows the database has not taken yet, oldest first. */
  get pending(): readonly T[] {
    return this.#pending;
  }

  /** Tries to write every pending row now. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.length === 0) return;
    const { store, write, health, logger } = this.options;
    const rows = this.#pending;
    try {
      write(rows);
    } catch (error) {
      health?.failed(store, error);
      const { first, retryInMs } = this.#backoff.failed();
      if (first) {
        logger.error(
          { event: 'storage.write_failed', store, err: error, pending: rows.length, retryInMs },
          `writing ${store} failed; kept in memory and retried with backoff (free disk space, or make ERY_DB_PATH writable)`,
        );
      }
      this.#timer = setTimeout(() => this.flush(), retryInMs);
      // A process with only this timer left may exit: what is pending is lost with it anyway.
      this.#timer.unref?.();
      return;
    }
    this.#pending = this.#pending.slice(rows.length);
    health?.succeeded(store);
    const failures = this.#backoff.succeeded();
    if (failures > 0) {
      logger.info(
        { event: 'storage.recovered', store, failures, written: rows.length },
        `writing ${store} works again; everything pending is written`,
      );
    }
  }

  /** Stops retrying (what is pending stays pending). */
  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
