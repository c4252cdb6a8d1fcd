import { RetryBackoff } from '../../actors/supervisor/retry-backoff.ts';
import type { EryDatabase } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { StorageHealth, StoreName } from './storage-health.ts';

/** What a lane of a {@link WriteGroup} writes, and what becomes of its rows when a write fails. */
export interface LaneOptions<T> {
  /**
   * Rows of a named store are kept in memory when the database refuses them, and written again
   * with the others (counted in `health`, logged once per change); rows of an unnamed lane are
   * dropped instead, and their `push` rejects with the error.
   */
  store: StoreName | null;
  /** Writes `rows` in order, inside the group's transaction. */
  write: (rows: readonly T[]) => void;
  /**
   * `now`: a row is written as soon as the code running now and the microtasks queued before it
   * are done (a step: the thread waits for it before it acts, so it must not wait a turn).
   * `turn`: a row waits for the next `now` row, or the end of the event loop's turn, whichever
   * comes first (an audit row or a charge: written with the step that follows or precedes it).
   */
  due: 'now' | 'turn';
}

/** One lane of a {@link WriteGroup}. */
export interface WriteLane<T> {
  /**
   * Queues `row` for the group's next transaction and resolves once that transaction committed, or
   * once it failed and the row is kept for the retry (a named store); rejects, for an unnamed lane,
   * with the error when it failed.
   */
  push(row: T): Promise<void>;
  /** Rows not written yet, oldest first. */
  readonly pending: readonly T[];
}

interface Entry<T> {
  row: T;
  settle: (error?: unknown) => void;
}

interface Lane<T> extends LaneOptions<T> {
  entries: Entry<T>[];
  rows: T[];
}

/**
 * Group commit of durable rows (the agent threads' steps, audit rows and token usage; the
 * recent-message buffers' writes, in a group of their own): rows queued
 * together are written in one transaction, where a commit per row (its WAL pages written each
 * time) cost more than the rows themselves. A step is written once the code that queued it has
 * run on (a microtask), so the charge of the reply it records, queued right after, and the audit
 * row of the tool call whose result it records, queued just before, go in its transaction; each
 * `push` resolves once its row is on disk, and a thread awaits its step before it acts on it, so a
 * result is durable before the next step acts, with no turn of the event loop waited. When the
 * database refuses writes, rows of named stores wait in memory and are written again with a
 * bounded backoff (`RetryBackoff`), in order: no later row overtakes them.
 */
export class WriteGroup {
  readonly #lanes: Lane<unknown>[] = [];
  readonly #commit: () => void;
  readonly #backoff = new RetryBackoff();
  /** Named stores whose writes failed since the last success, and how many times. */
  readonly #failing = new Map<StoreName, number>();
  #scheduled: ReturnType<typeof setImmediate> | null = null;
  /** A microtask flush is queued. */
  #soon = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #single: ((write: () => void) => void) | null = null;

  constructor(
    private readonly db: EryDatabase,
    private readonly parts: { health?: StorageHealth | undefined; logger: Logger },
  ) {
    // Built once: it runs at every turn that has rows.
    this.#commit = db.$client.transaction(() => {
      for (const lane of this.#lanes) if (lane.rows.length > 0) lane.write(lane.rows);
    });
  }

  /** Adds a lane; its rows go in the group's transactions, after those of lanes added before it. */
  lane<T>(options: LaneOptions<T>): WriteLane<T> {
    const lane: Lane<T> = { ...options, entries: [], rows: [] };
    this.#lanes.push(lane as Lane<unknown>);
    return {
      push: (row) =>
        new Promise<void>((resolve, reject) => {
          if (this.#backoff.failing && lane.store === null) {
            // Not kept, so not held back by the backoff either: tried at once, alone, as if ungrouped.
            this.#alone(lane, row);
            resolve();
            return;
          }
          lane.entries.push({ row, settle: (error) => (error === undefined ? resolve() : reject(error)) });
          lane.rows.push(row);
          // While failing, the backoff's retry writes it with the others; the caller goes on.
          if (this.#backoff.failing) resolve();
          else if (lane.due === 'turn') this.#scheduled ??= setImmediate(() => this.flush());
          else if (!this.#soon) {
            this.#soon = true;
            queueMicrotask(() => {
              this.#soon = false;
              this.flush();
            });
          }
        }),
      get pending() {
        return lane.rows;
      },
    };
  }

  /** Writes every queued row now, in one transaction. Never throws. */
  flush(): void {
    if (this.#scheduled !== null) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#lanes.every((lane) => lane.rows.length === 0)) return;
    try {
      this.#commit();
    } catch (error) {
      this.#failed(error);
      return;
    }
    const written = new Map<StoreName, number>();
    for (const lane of this.#lanes) {
      if (lane.store !== null && lane.rows.length > 0) {
        this.parts.health?.succeeded(lane.store);
        written.set(lane.store, lane.rows.length);
      }
      for (const entry of lane.entries) entry.settle();
      lane.entries = [];
      lane.rows = [];
    }
    this.#backoff.succeeded();
    for (const [store, failures] of this.#failing) {
      this.parts.logger.info(
        { event: 'storage.recovered', store, failures, written: written.get(store) ?? 0 },
        `writing ${store} works again; everything pending is written`,
      );
    }
    this.#failing.clear();
  }

  /** Stops retrying (what is pending stays pending). */
  close(): void {
    if (this.#scheduled !== null) clearImmediate(this.#scheduled);
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#scheduled = null;
    this.#timer = null;
  }

  /** Writes one row of an unnamed lane in a transaction of its own; throws what the database throws. */
  #alone<T>(lane: Lane<T>, row: T): void {
    this.#single ??= this.db.$client.transaction((write: () => void) => write());
    this.#single(() => lane.write([row]));
  }

  #failed(error: unknown): void {
    const { health, logger } = this.parts;
    const { retryInMs } = this.#backoff.failed();
    for (const lane of this.#lanes) {
      if (lane.rows.length === 0) continue;
      if (lane.store === null) {
        for (const entry of lane.entries) entry.settle(error);
        lane.entries = [];
        lane.rows = [];
        continue;
      }
      const { store } = lane;
      health?.failed(store, error);
      const failures = (this.#failing.get(store) ?? 0) + 1;
      this.#failing.set(store, failures);
      if (failures === 1) {
        logger.error(
          { event: 'storage.write_failed', store, err: error, pending: lane.rows.length, retryInMs },
          `writing ${store} failed; kept in memory and retried with backoff (free disk space, or make ERY_DB_PATH writable)`,
        );
      }
      // Kept for the retry; the caller goes on (the row is durable only once written).
      for (const entry of lane.entries) entry.settle();
      lane.entries = [];
    }
    this.#timer = setTimeout(() => this.flush(), retryInMs);
    // A process with only this timer left may exit: what is pending is lost with it anyway.
    this.#timer.unref?.();
  }
}
