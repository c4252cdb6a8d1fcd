import type { InspectionEvent } from 'xstate';
import { streamEvent } from '../inspector/event-text.ts';
import type { StreamEvent } from '../inspector/wire.ts';

/**
 * The supervisor lifecycle's transitions (resuming → serving → draining → stopped), each with when
 * it happened and what it says (how many channels resumed), kept from start-up on so the
 * inspector shows them to a page opened at any time. A handful per run: bounded anyway.
 */
export class LifecycleHistory {
  readonly #entries: StreamEvent[] = [];
  #state: string | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = 20,
  ) {}

  /** Reads one inspection event of the lifecycle actor; only its snapshots count. */
  observe(event: InspectionEvent): void {
    if (event.type !== '@xstate.snapshot' || event.actorRef.sessionId !== event.rootId) return;
    const state = String((event.snapshot as { value?: unknown }).value);
    this.#entries.push(streamEvent(this.now(), event.event, this.#state, state));
    this.#state = state;
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  /** Oldest first. */
  entries(): StreamEvent[] {
    return [...this.#entries];
  }
}
