/**
 * The stream's state in the page header: live, or lost (Ery stopped, or the network), in which
 * case the whole view is marked stale (`body.stale`) and told to stop its countdowns, so nothing
 * old is shown as live. The next full frame makes it live again.
 */
import { clockTime } from './format.ts';

export class Connection {
  private stoppedAt: number | null = null;
  private stale = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly freeze: () => void,
  ) {}

  /** A full frame arrived: what the page shows is current. */
  live(): void {
    this.stale = false;
    this.stoppedAt = null;
    document.body.classList.remove('stale');
    this.host.textContent = 'Live';
    this.host.className = 'connection live';
  }

  /** Ery said it is stopping (its last frame), at `at` in the page's clock. */
  stopping(at: number): void {
    this.stoppedAt = at;
  }

  /** The stream broke; the browser tries again by itself. */
  lost(): void {
    if (!this.stale) {
      this.stale = true;
      document.body.classList.add('stale');
      this.freeze();
      const since = clockTime(this.stoppedAt ?? Date.now());
      this.host.textContent =
        this.stoppedAt === null
          ? `Disconnected at ${since}: showing the state then · reconnecting…`
          : `Ery stopped at ${since}: showing its last state · reconnecting…`;
    }
    this.host.className = 'connection down';
  }
}
