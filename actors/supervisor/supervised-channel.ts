import type { InspectionEvent } from 'xstate';
import type { ChannelContext, ChannelState } from '../../machines/channel.machine.ts';
import type { ChannelActor } from '../channel-actor.ts';
import type { ActorOrigin } from './actor-origin.ts';
import { statusOf } from './channel-records.ts';
import type { LiveChannel } from './supervisor.types.ts';

/** What a supervised channel reports to the supervisor's live channels (`LiveChannels`). */
export interface ChannelHost {
  /** An inspection event of the channel's actor system (its own events, its thread's too). */
  inspected(channel: SupervisedChannel, event: InspectionEvent, origin: ActorOrigin | null): void;
  /** A new snapshot of the channel's actor (status `active` or `done`). */
  snapshot(channel: SupervisedChannel, value: unknown, context: ChannelContext, status: string): void;
  /** The channel's actor failed (an action threw). */
  failed(channel: SupervisedChannel, error: unknown): void;
}

/**
 * One channel actor held by the supervisor, with what the supervisor last saw of it, as one
 * object: the actor's inspection target (through its `EventClock`) and its snapshot observer (XState's
 * `subscribe` takes it as `next` and `error`). Closures, their scopes and small relay objects
 * were a third of an idle channel's overhead over a bare actor (issue 10: heap per idle channel).
 * Inspection events raised before the actor is {@link attach}ed (it is still being built) are held
 * and handed on in order then. The actor's origin is kept until its `xstate.init` is logged: a
 * restored channel's origin holds its stored context, which the actor soon replaces.
 */
export class SupervisedChannel implements LiveChannel {
  actor!: ChannelActor;
  context!: ChannelContext;
  status!: ChannelState;
  eventSeq = 0;
  /** Events seen before `attach`; null after. */
  #held: InspectionEvent[] | null = [];
  #origin: ActorOrigin | null;

  constructor(
    private readonly host: ChannelHost,
    readonly channelId: string,
    readonly guildId: string,
    origin: ActorOrigin,
  ) {
    this.#origin = origin;
  }

  /** The actor is built: records its first snapshot and hands on what was held. */
  attach(actor: ChannelActor, eventSeq: number): void {
    const initial = actor.getSnapshot();
    this.actor = actor;
    this.context = initial.context;
    this.status = statusOf(initial.value);
    this.eventSeq = eventSeq;
    const held = this.#held ?? [];
    this.#held = null;
    for (const event of held) this.inspected(event);
  }

  /** Inspection target (see `EventClock`). */
  inspected(event: InspectionEvent): void {
    if (this.#held) {
      this.#held.push(event);
      return;
    }
    const origin = this.#origin;
    if (event.type === '@xstate.event' && event.actorRef === this.actor && event.event.type === 'xstate.init')
      this.#origin = null;
    this.host.inspected(this, event, origin);
  }

  /** Snapshot observer. */
  next(snapshot: { value: unknown; context: ChannelContext; status: string }): void {
    this.host.snapshot(this, snapshot.value, snapshot.context, snapshot.status);
  }

  /** Snapshot observer: the actor failed. */
  error(error: unknown): void {
    this.host.failed(this, error);
  }
}
