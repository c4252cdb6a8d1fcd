import type { Clock } from '../../actors/clock.ts';
import type { Logger } from '../logger.ts';

/** Channels passivated since the last reclaim that make the next one worth a full collection. */
export const RECLAIM_AFTER_CHANNELS = 1_000;
/**
 * How long after that count is reached the reclaim runs (ms): sweeps come a second apart while
 * many channels go idle together, so their frees are taken back together, at most once per delay.
 */
export const RECLAIM_DELAY_MS = 5_000;

/**
 * Gives memory back to the system after passivation freed many channel actors. The collector
 * frees their objects, but neither JavaScriptCore nor the allocator returns the pages on its own:
 * measured with 10,000 channels at rest, the resident set stayed ~20 KiB per channel above login
 * while the heap held ~1.4 KiB of each (issue 10, `ery bench` idle-memory). `Bun.shrink()` (a full
 * collection, JIT code dropped, and the allocator's free pages released) took it to ~12 KiB. It
 * costs a full collection and a re-compile of hot code, so it runs only after
 * {@link RECLAIM_AFTER_CHANNELS} channels left memory, {@link RECLAIM_DELAY_MS} later.
 */
export class MemoryReclaim {
  #freed = 0;
  #timer: unknown = null;

  constructor(
    private readonly clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
    private readonly logger: Logger,
    /** Asks the runtime for the memory back; Bun's full collection and shrink unless told otherwise. */
    private readonly reclaim: () => void = shrinkHeap,
  ) {}

  /** `count` channel actors were passivated (stopped and dropped) by one sweep. */
  passivated(count: number): void {
    this.#freed += count;
    if (this.#freed < RECLAIM_AFTER_CHANNELS || this.#timer !== null) return;
    this.#timer = this.clock.setTimeout(() => this.#run(), RECLAIM_DELAY_MS);
  }

  /** Cancels a reclaim not yet run. */
  stop(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #run(): void {
    this.#timer = null;
    const channels = this.#freed;
    this.#freed = 0;
    const rssBefore = process.memoryUsage.rss();
    try {
      this.reclaim();
    } catch (error) {
      this.logger.warn(
        { event: 'memory.reclaim_failed', err: error },
        'giving memory back after passivation failed; Ery goes on with what it holds (nothing to do unless RSS keeps growing: then report it with this Bun version)',
      );
      return;
    }
    this.logger.debug(
      { event: 'memory.reclaimed', channels, rssBefore, rssAfter: process.memoryUsage.rss() },
      'memory given back after passivation',
    );
  }
}

function shrinkHeap(): void {
  Bun.gc(true);
  // Deprecated in the types but kept by Bun: JSC's shrinkFootprint, the only way to release the
  // allocator's free pages from JavaScript.
  Bun.shrink();
}
