import type { Clock } from '../../actors/clock.ts';
import type { EryDatabase } from '../db/client.ts';
import { type PruneCounts, pruneBefore } from '../db/retention.ts';
import type { Logger } from '../logger.ts';

/** One day, ms. */
const DAY_MS = 86_400_000;
/** Between two prunes: hourly (issue 11 §7 asks for periodic pruning; an hour keeps it small). */
export const PRUNE_EVERY_MS = 3_600_000;

/** Gives the event loop back between two batches, so messages keep flowing during a long prune. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Retention of the event, thread and audit logs (`ERY_RETENTION_DAYS`, issue 11 §7): prunes at
 * {@link start} and then every {@link PRUNE_EVERY_MS} on the `clock`, rows older than `days` days
 * (see src/db/retention.ts for what is never pruned), one batch per turn of the event loop. Each
 * prune logs its counts (`retention.pruned`); a prune the database refuses (a full or read-only
 * disk) is logged (`retention.failed`) and tried again at the next hour. `days` 0 keeps everything.
 */
export class Retention {
  #timer: unknown = null;
  #running: Promise<PruneCounts | null> | null = null;
  #stopped = false;

  constructor(
    private readonly db: EryDatabase,
    private readonly days: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Starts the first prune now and schedules the next ones; a no-op when `days` is 0. */
  start(): void {
    if (this.days <= 0) {
      this.logger.info({ event: 'retention.off' }, 'ERY_RETENTION_DAYS is 0: logs are kept for ever');
      return;
    }
    void this.prune();
  }

  /**
   * One prune of everything older than `days` days before the clock's now; resolves with the
   * counts, or null when it failed (logged) or one was already running (its promise is shared).
   */
  prune(): Promise<PruneCounts | null> {
    this.#running ??= this.#prune().finally(() => {
      this.#running = null;
      this.#schedule();
    });
    return this.#running;
  }

  /** Stops scheduling; a prune under way stops at its next batch. Resolves when it has. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #prune(): Promise<PruneCounts | null> {
    const cutoff = this.clock.now() - this.days * DAY_MS;
    try {
      const run = pruneBefore(this.db, cutoff);
      for (let step = run.next(); ; step = run.next()) {
        if (step.done) {
          this.logger.info(
            { event: 'retention.pruned', cutoff: new Date(cutoff).toISOString(), ...step.value },
            'pruned logs older than the retention window',
          );
          return step.value;
        }
        await nextTurn();
        if (this.#stopped) {
          run.return({} as PruneCounts);
          return null;
        }
      }
    } catch (error) {
      this.logger.warn(
        { event: 'retention.failed', err: error },
        'pruning old logs failed; trying again at the next hour',
      );
      return null;
    }
  }

  #schedule(): void {
    if (this.#stopped || this.#timer !== null) return;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = null;
      void this.prune();
    }, PRUNE_EVERY_MS);
  }
}
