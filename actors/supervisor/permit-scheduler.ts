import { type PermitLimits, PermitPool } from './permits.ts';

/**
 * When run permits are handed out. Grants are made once per turn of the event loop, after every
 * change of that turn is known, so channels that became ready together are served in a fixed order
 * (oldest request, then id), live and after a restore alike.
 */
export class PermitScheduler {
  readonly pool: PermitPool;
  private scheduled = false;

  constructor(
    limits: PermitLimits,
    /** Hands `channelId` its permit; false when that channel is no longer live. */
    private readonly grant: (channelId: string) => boolean,
    /** False once the owner stopped: no grant is made after that. */
    private readonly active: () => boolean,
  ) {
    this.pool = new PermitPool(limits);
  }

  /** Records what a channel needs now (see `PermitPool.observe`) and schedules any grant it allows. */
  observe(...args: Parameters<PermitPool['observe']>): void {
    if (this.pool.observe(...args)) this.schedule();
  }

  /** Forgets a channel; a permit it freed goes to the next waiting channel. */
  forget(channelId: string): void {
    if (this.pool.forget(channelId)) this.schedule();
  }

  setLimits(limits: PermitLimits): void {
    this.pool.setLimits(limits);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.active()) return;
      for (const channelId of this.pool.grantable()) {
        if (!this.grant(channelId)) this.forget(channelId);
      }
    });
  }
}
