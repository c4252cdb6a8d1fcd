import type { OpsMetrics } from './ops-metrics.ts';

/** The stores Ery writes while it serves, as `/healthz` and `/metrics` name them. */
export type StoreName = 'snapshots' | 'steps' | 'audit' | 'history';

/** Why a store takes no writes, as `/healthz` reports it. */
export interface WriteFault {
  /** The store that failed (`snapshots`: the write-behind of channel actors). */
  store: StoreName;
  /** The last error's message. */
  message: string;
  /** When the last write failed, ms since the epoch. */
  at: number;
  /** When writes began failing, ms since the epoch. */
  since: number;
}

/**
 * Whether each store Ery writes to takes writes (issue 11 §3: a full or read-only disk). Every
 * writer reports each write's outcome here: a failure is counted in
 * `ery_storage_write_failures_total{store}` and kept as the store's fault until one of its writes
 * goes through again; `/healthz` reads {@link fault}. Logging is the writers' own (once per change).
 */
export class StorageHealth {
  readonly #faults = new Map<StoreName, WriteFault>();

  constructor(
    private readonly metrics?: OpsMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  /** A write of `store` failed with `error`. */
  failed(store: StoreName, error: unknown): void {
    const at = this.now();
    const message = error instanceof Error ? error.message : String(error);
    const since = this.#faults.get(store)?.since ?? at;
    this.#faults.set(store, { store, message, at, since });
    this.metrics?.storageWriteFailures.inc({ store });
  }

  /** A write of `store` went through. */
  succeeded(store: StoreName): void {
    this.#faults.delete(store);
  }

  /** The failing store that failed first (the snapshots' when several), or null when all take writes. */
  fault(): WriteFault | null {
    return (
      this.#faults.get('snapshots') ?? [...this.#faults.values()].sort((a, b) => a.since - b.since)[0] ?? null
    );
  }
}
