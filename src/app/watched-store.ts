import type {
  ChannelRecord,
  PersistBatch,
  SnapshotStore,
  ThreadRecord,
} from '../../actors/supervisor/snapshot-store.ts';
import type { OpsMetrics } from './ops-metrics.ts';
import type { RecentlyReaped } from './recently-reaped.ts';
import { StorageHealth } from './storage-health.ts';

/** Ended thread ids remembered so a thread row written twice is not counted twice. */
const ENDED_MEMORY = 1024;

/**
 * The supervisor's {@link SnapshotStore}, watched: every write-behind transaction passes through
 * unchanged, and on its way the database's health and the thread metrics are read from it.
 * - each write's outcome goes to `health` (store `snapshots`), so `/healthz` says the database
 *   takes no writes as soon as one fails, until one goes through again (the write-behind retries
 *   with backoff), and `/metrics` counts the failures;
 * - a successful write is timed (`ery_snapshot_write_duration_seconds`), and its thread rows count
 *   threads started by trigger and observe the duration of those that ended. A thread that starts
 *   and ends within one tick arrives as one ended row and still counts as started; a thread
 *   resumed after a restart counts when it ends, and one that ended before this process began
 *   (its row written again by its restored channel) not at all;
 * - its channel rows tell `reaped` which channels were reaped (the inspector lists them).
 */
export class WatchedStore implements SnapshotStore {
  readonly #running = new Set<string>();
  readonly #ended = new Set<string>();

  constructor(
    private readonly inner: SnapshotStore,
    private readonly metrics?: OpsMetrics,
    private readonly reaped?: RecentlyReaped,
    readonly health: StorageHealth = new StorageHealth(metrics),
    /** When this process began, ms since the epoch on the threads' clock: threads that ended before it are not counted. */
    private readonly since: number = Date.now(),
  ) {}

  load(channelId: string): ChannelRecord | undefined {
    return this.inner.load(channelId);
  }

  loadActive(): ChannelRecord[] {
    return this.inner.loadActive();
  }

  loggedSeq(channelId: string): number {
    return this.inner.loggedSeq(channelId);
  }

  write(batch: PersistBatch): void {
    const started = performance.now();
    try {
      this.inner.write(batch);
    } catch (error) {
      this.health.failed('snapshots', error);
      throw error;
    }
    this.health.succeeded('snapshots');
    if (this.reaped) for (const row of batch.channels) this.reaped.note(row);
    if (!this.metrics) return;
    this.metrics.snapshotWrite.observe((performance.now() - started) / 1000);
    for (const row of batch.threads) this.#countThread(row, this.metrics);
  }

  #countThread(row: ThreadRecord, metrics: OpsMetrics): void {
    if (this.#ended.has(row.id)) return;
    // A restored channel writes its last thread's row again; one that ended before this process
    // began was counted by the process it ran in.
    if (row.status !== 'running' && (row.endedAt ?? row.startedAt) < this.since) return;
    if (!this.#running.has(row.id)) metrics.threadsStarted.inc({ trigger: row.trigger });
    if (row.status === 'running') {
      this.#running.add(row.id);
      return;
    }
    this.#running.delete(row.id);
    this.#ended.add(row.id);
    if (this.#ended.size > ENDED_MEMORY) this.#ended.delete(this.#ended.values().next().value as string);
    const seconds = Math.max(0, (row.endedAt ?? row.startedAt) - row.startedAt) / 1000;
    metrics.threadDuration.observe({ status: row.status }, seconds);
  }
}
