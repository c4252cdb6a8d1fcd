import { assign, setup } from 'xstate';
import type { SupervisorLifecycleContext, SupervisorLifecycleEvent } from './supervisor-lifecycle.types.ts';

export type {
  SupervisorLifecycleContext,
  SupervisorLifecycleEvent,
  SupervisorLifecycleState,
} from './supervisor-lifecycle.types.ts';
export { SUPERVISOR_LIFECYCLE_STATES } from './supervisor-lifecycle.types.ts';

/**
 * The supervisor's own lifecycle: `resuming` while it restores stored channels, `serving` after,
 * `draining` while it flushes and stops its channel actors, `stopped` (final) at the end. Stop may
 * come before start finished (or before start at all), so `resuming` also drains.
 *
 * Pure and small on purpose: the channel actors stay in the supervisor's Map, never in this
 * machine's context or children, because `spawnChild` copies the children map on every spawn
 * (cost grows with their number: shared/notes/xstate.md).
 */
export const supervisorLifecycleMachine = setup({
  types: {
    context: {} as SupervisorLifecycleContext,
    events: {} as SupervisorLifecycleEvent,
  },
}).createMachine({
  id: 'supervisor',
  initial: 'resuming',
  context: { resumed: 0 },
  states: {
    resuming: {
      on: {
        'supervisor.resumed': {
          target: 'serving',
          actions: assign({ resumed: ({ event }) => event.resumed }),
        },
        'supervisor.drain': 'draining',
      },
    },
    serving: {
      on: { 'supervisor.drain': 'draining' },
    },
    draining: {
      on: { 'supervisor.drained': 'stopped' },
    },
    stopped: { type: 'final' },
  },
});
