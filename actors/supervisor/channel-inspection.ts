import type { InspectionEvent } from 'xstate';
import type { ActorOrigin } from './actor-origin.ts';
import type { LiveChannel } from './supervisor.types.ts';

/** Where a channel's inspection events go once its live channel is known (`PersistenceTap`). */
export interface InspectionSink {
  inspected(channelId: string, channel: LiveChannel, event: InspectionEvent, origin: ActorOrigin): void;
}

/**
 * The inspection observer of one channel actor (XState's `inspect` option takes an observer):
 * events raised before the channel is {@link attach}ed (its actor is still being built) are held
 * and handed on in order then. A small object rather than closures: every live channel keeps one,
 * and closures and their scopes were a third of an idle channel's overhead over a bare actor
 * (issue 10).
 */
export class ChannelInspection {
  #live: LiveChannel | undefined;
  /** Events seen before `attach`; null when there are none. */
  #held: InspectionEvent[] | null = null;

  constructor(
    private readonly sink: InspectionSink,
    private readonly channelId: string,
    private readonly origin: ActorOrigin,
  ) {}

  next(event: InspectionEvent): void {
    if (this.#live) {
      this.sink.inspected(this.channelId, this.#live, event, this.origin);
      return;
    }
    this.#held ??= [];
    this.#held.push(event);
  }

  /** The channel is live: hands on what was held, and every event from now on. */
  attach(channel: LiveChannel): void {
    this.#live = channel;
    const held = this.#held ?? [];
    this.#held = null;
    for (const event of held) this.sink.inspected(this.channelId, channel, event, this.origin);
  }
}
