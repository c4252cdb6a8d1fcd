import type { Logger } from '../logger.ts';
import { type CatchUpOptions, type CatchUpReport, catchUp } from './catch-up.ts';

/**
 * Runs {@link catchUp} once per new gateway session, one run at a time: a session that begins
 * while a run goes on asks for one more run after it, never two at once. `stop` aborts a run.
 */
export class CatchUpRunner {
  readonly #stopping = new AbortController();
  #running: Promise<void> | null = null;
  #again = false;
  /** The last run's report (tests and ops read it). */
  last: CatchUpReport | null = null;

  constructor(
    private readonly options: Omit<CatchUpOptions, 'signal'>,
    private readonly logger: Logger,
  ) {}

  /** Starts a run, or asks for one more after the current one; resolves when no run is left. */
  request(): Promise<void> {
    if (this.#stopping.signal.aborted) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          this.last = await catchUp({ ...this.options, signal: this.#stopping.signal });
        } catch (error) {
          this.logger.error({ event: 'catchup.failed', err: error }, 'catch-up failed; live messages go on');
        }
      } while (this.#again && !this.#stopping.signal.aborted);
      this.#running = null;
    })();
    return this.#running;
  }

  /** Aborts the run in progress (its REST reads end) and takes no more. */
  stop(): void {
    this.#stopping.abort();
  }
}
