import { type Actor, createActor, type InspectionEvent } from 'xstate';
import {
  type SupervisorLifecycleState,
  supervisorLifecycleMachine,
} from '../../machines/supervisor-lifecycle.machine.ts';
import type { Clock } from '../clock.ts';

/**
 * The supervisor's own lifecycle as a live actor of the pure `supervisorLifecycleMachine`
 * (resuming → serving → draining → stopped), started at construction on the supervisor's clock.
 * Holds no channel actors: they stay in the supervisor's Map (spawn cost, notes/xstate.md).
 * `inspect` receives its inspection events (the live inspector draws this machine too).
 */
export class SupervisorLifecycle {
  readonly #actor: Actor<typeof supervisorLifecycleMachine>;

  constructor(clock: Clock, inspect?: (event: InspectionEvent) => void) {
    this.#actor = createActor(supervisorLifecycleMachine, { clock, ...(inspect ? { inspect } : {}) }).start();
  }

  /** The current state value. */
  state(): SupervisorLifecycleState {
    return this.#actor.getSnapshot().value;
  }

  /** Draining or stopped: events are ignored, permits no longer granted, snapshots no longer handled. */
  get stopping(): boolean {
    const state = this.state();
    return state === 'draining' || state === 'stopped';
  }

  /** Start-up restored `count` stored channels: now serving. */
  resumed(count: number): void {
    this.#actor.send({ type: 'supervisor.resumed', resumed: count });
  }

  /** `stop()` began: flushing and stopping the channel actors. */
  drain(): void {
    this.#actor.send({ type: 'supervisor.drain' });
  }

  /** Everything is flushed and closed. */
  drained(): void {
    this.#actor.send({ type: 'supervisor.drained' });
  }
}
