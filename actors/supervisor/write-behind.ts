import { ACTIVE_CHANNEL_STATES } from '../../machines/channel.types.ts';
import type { Logger } from '../../src/logger.ts';
import { checkpointRecord } from './checkpoint.ts';
import { type CheckpointCandidate, CheckpointSteps } from './checkpoint-steps.ts';
import { RetryBackoff } from './retry-backoff.ts';
import type {
  ChannelCheckpointRecord,
  ChannelEventRecord,
  ChannelRecord,
  SnapshotStore,
  ThreadRecord,
} from './snapshot-store.ts';

/** States of a channel with work in hand (`CheckpointCandidate.busy`). */
const BUSY: ReadonlySet<string> = new Set(ACTIVE_CHANNEL_STATES);

/**
 * Write-behind persistence. Changes are coalesced per channel (only the latest snapshot of a
 * channel is written) and committed in one transaction per tick. Events and thread rows are
 * appended in order. A failed write (a full or read-only disk) keeps its changes: nothing is
 * dropped, the actors go on in memory, and the write is tried again with a bounded backoff
 * ({@link RetryBackoff}: 1 s doubling to 30 s) until the store takes it. The failure is logged
 * once (`persist.failed`) and the recovery once (`persist.recovered`), not every retry.
 */
export class WriteBehind {
  private channels = new Map<string, PendingRow>();
  private events: ChannelEventRecord[] = [];
  /**
   * The highest `seq` of each channel's events in `events`: asked for every channel that is
   * spawned, while a busy tick holds thousands of events (a scan of them all was ~1% of ingest).
   */
  private eventSeqs = new Map<string, number>();
  private threads = new Map<string, ThreadRecord>();
  /** Channels with a row or events not yet written. */
  private dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly steps = new CheckpointSteps();
  private readonly backoff = new RetryBackoff();

  constructor(
    private readonly store: SnapshotStore,
    private readonly logger: Logger,
    /** Delay of a tick; 0 coalesces everything that happens in the same turn of the event loop. */
    private readonly delayMs = 0,
  ) {}

  /**
   * Marks a channel dirty; `read` is called at flush time, so only the latest state is written.
   * `owner`, the live actor, keeps the checkpoints of a row to the steps of its life
   * (`CheckpointSteps`); a row without one always has its checkpoint written.
   */
  channel(channelId: string, read: () => ChannelRecord, owner?: object): void {
    this.channels.set(channelId, owner ? { read, owner } : { read });
    this.dirty.add(channelId);
    this.schedule();
  }

  /** Drops a channel's pending row (its actor failed: its last good row stays as written). */
  forget(channelId: string): void {
    this.channels.delete(channelId);
  }

  event(record: ChannelEventRecord): void {
    this.events.push(record);
    if (record.seq > (this.eventSeqs.get(record.channelId) ?? 0))
      this.eventSeqs.set(record.channelId, record.seq);
    this.dirty.add(record.channelId);
    this.schedule();
  }

  /** A thread row to create or update; a later change updates its status, end and error only. */
  thread(record: ThreadRecord): void {
    const existing = this.threads.get(record.id);
    if (!existing) {
      this.threads.set(record.id, record);
    } else {
      const { status, endedAt, error, model, promptTokens, completionTokens } = record;
      const usage = Object.fromEntries(
        Object.entries({ model, promptTokens, completionTokens }).filter(([, value]) => value !== undefined),
      );
      this.threads.set(record.id, { ...existing, status, endedAt, error, ...usage });
    }
    this.schedule();
  }

  /** Whether a channel has a row or events not yet written (then loading it must flush first). */
  holds(channelId: string): boolean {
    return this.dirty.has(channelId);
  }

  /**
   * The row a channel would be written with now, if one is pending: while the store refuses
   * writes, this is the channel's latest state (its stored row is older).
   */
  pendingRow(channelId: string): ChannelRecord | undefined {
    return this.channels.get(channelId)?.read();
  }

  /** The highest `seq` of the channel's events not yet written (0 when none). */
  pendingSeq(channelId: string): number {
    return this.eventSeqs.get(channelId) ?? 0;
  }

  get pending(): number {
    return this.channels.size + this.events.length + this.threads.size;
  }

  /** Commits everything pending now, in one transaction. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending === 0) return;
    const channels = this.channels;
    const events = this.events;
    const threads = this.threads;
    const dirty = this.dirty;
    this.channels = new Map();
    this.events = [];
    const eventSeqs = this.eventSeqs;
    this.eventSeqs = new Map();
    this.threads = new Map();
    this.dirty = new Set();
    const rows: ChannelRecord[] = [];
    const candidates: Array<{ row: ChannelRecord } & CheckpointCandidate> = [];
    let checkpoints: ChannelCheckpointRecord[] = [];
    try {
      for (const { read, owner } of channels.values()) {
        const row = read();
        rows.push(row);
        candidates.push({ row, snapshot: row.snapshot, owner, busy: BUSY.has(row.status) });
      }
      // Only the rows that carry a checkpoint have their fields serialised and hashed (most
      // writes of a busy channel carry none); the store writes each row's snapshot as one
      // `JSON.stringify`, which for the batches a channel collects is cheaper than joining
      // texts of its fields kept from write to write (issue 10).
      const { chosen, written } = this.steps.pick(candidates);
      checkpoints = chosen.map(({ candidate, digest }) => checkpointRecord(candidate.row, digest));
      this.store.write({ channels: rows, events, threads: [...threads.values()], checkpoints });
      written();
      const failures = this.backoff.succeeded();
      if (failures > 0) {
        this.logger.info(
          { event: 'persist.recovered', failures, written: rows.length + events.length + threads.size },
          'persisting channel state works again; everything pending is written',
        );
      }
    } catch (error) {
      // Put the changes back (newer ones win) and try again later.
      for (const [id, row] of channels) if (!this.channels.has(id)) this.channels.set(id, row);
      this.events = [...events, ...this.events];
      for (const [channelId, seq] of eventSeqs)
        if (seq > (this.eventSeqs.get(channelId) ?? 0)) this.eventSeqs.set(channelId, seq);
      for (const [id, row] of threads) if (!this.threads.has(id)) this.threads.set(id, row);
      for (const id of dirty) this.dirty.add(id);
      const { first, retryInMs } = this.backoff.failed();
      if (first) {
        this.logger.error(
          { event: 'persist.failed', err: error, pending: this.pending, retryInMs },
          'persisting channel state failed; serving from memory and retrying with backoff (free disk space, or make ERY_DB_PATH writable)',
        );
      }
      this.retry(retryInMs);
    } finally {
      // A tick may hold every channel's row, snapshot and field texts. JSC scans the stack
      // conservatively: a stale slot that still points at one of these collections would keep all
      // of that alive until the slot is overwritten (seen as ~5 KiB more per channel, now and then,
      // in `ery bench`'s actor-memory). Emptied, they keep nothing.
      rows.length = 0;
      candidates.length = 0;
      checkpoints.length = 0;
      events.length = 0;
      channels.clear();
      threads.clear();
    }
  }

  /** Stops the tick timer without writing (call `flush` first to keep changes). */
  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay = this.delayMs): void {
    // While failing, new changes wait for the backoff's retry instead of a write every tick.
    if (this.timer !== null || this.backoff.failing) return;
    this.arm(delay);
  }

  /** Arms the retry of a failed write, replacing a sooner tick. */
  private retry(delay: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.arm(delay);
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }
}

/** A dirty channel: how to read its row at flush time, and its live actor. */
interface PendingRow {
  read: () => ChannelRecord;
  owner?: object;
}
