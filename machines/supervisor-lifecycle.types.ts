/**
 * The supervisor's own lifecycle states, in the order it goes through them (DESIGN.md: "its own
 * lifecycle (resuming → serving → draining → stopped) is a small machine"). Public: the ops
 * `/health` body and the inspector show them as they are.
 */
export const SUPERVISOR_LIFECYCLE_STATES = ['resuming', 'serving', 'draining', 'stopped'] as const;

/** One of `SUPERVISOR_LIFECYCLE_STATES`. */
export type SupervisorLifecycleState = (typeof SUPERVISOR_LIFECYCLE_STATES)[number];

/** Events the lifecycle machine accepts; the supervisor sends each at the point it names. */
export type SupervisorLifecycleEvent =
  /** Every stored channel that could be restored is live again; `resumed` counts them. */
  | { type: 'supervisor.resumed'; resumed: number }
  /** Stop was asked: flush pending writes and stop every channel actor. */
  | { type: 'supervisor.drain' }
  /** Everything is flushed and every channel actor stopped. */
  | { type: 'supervisor.drained' };

/** What the lifecycle machine remembers. Channel actors stay out of it (see the machine). */
export interface SupervisorLifecycleContext {
  /** Channels restored at start; 0 until `supervisor.resumed`. */
  resumed: number;
}
