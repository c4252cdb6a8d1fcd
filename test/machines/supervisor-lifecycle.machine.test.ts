import { describe, expect, test } from 'bun:test';
import { createActor, SimulatedClock, transition } from 'xstate';
import {
  SUPERVISOR_LIFECYCLE_STATES,
  type SupervisorLifecycleEvent,
  type SupervisorLifecycleState,
  supervisorLifecycleMachine,
} from '../../machines/supervisor-lifecycle.machine.ts';

function start() {
  const actor = createActor(supervisorLifecycleMachine, { clock: new SimulatedClock() }).start();
  const send = (...events: SupervisorLifecycleEvent[]) => {
    for (const event of events) actor.send(event);
    return actor.getSnapshot();
  };
  return { actor, send };
}

const resumed = (count = 0): SupervisorLifecycleEvent => ({ type: 'supervisor.resumed', resumed: count });
const drain: SupervisorLifecycleEvent = { type: 'supervisor.drain' };
const drained: SupervisorLifecycleEvent = { type: 'supervisor.drained' };

describe('supervisor lifecycle machine', () => {
  test('GIVEN a new supervisor THEN it is resuming with nothing resumed yet', () => {
    const { actor } = start();
    expect(actor.getSnapshot().value).toBe('resuming');
    expect(actor.getSnapshot().context.resumed).toBe(0);
  });

  test('GIVEN resuming WHEN the stored channels are resumed THEN it is serving and remembers how many', () => {
    const snapshot = start().send(resumed(3));
    expect(snapshot.value).toBe('serving');
    expect(snapshot.context.resumed).toBe(3);
  });

  test('GIVEN serving WHEN asked to drain and then drained THEN it passes through draining to a final stopped', () => {
    const { send } = start();
    send(resumed(1));
    expect(send(drain).value).toBe('draining');
    const stopped = send(drained);
    expect(stopped.value).toBe('stopped');
    expect(stopped.status).toBe('done');
  });

  test('GIVEN resuming WHEN stop comes before start finished THEN it drains too', () => {
    expect(start().send(drain).value).toBe('draining');
  });

  test('GIVEN each state THEN only its own events move it on; every other event leaves it where it is', () => {
    const reach: Record<SupervisorLifecycleState, SupervisorLifecycleEvent[]> = {
      resuming: [],
      serving: [resumed(2)],
      draining: [resumed(2), drain],
      stopped: [resumed(2), drain, drained],
    };
    const moves: Record<
      SupervisorLifecycleState,
      Partial<Record<SupervisorLifecycleEvent['type'], string>>
    > = {
      resuming: { 'supervisor.resumed': 'serving', 'supervisor.drain': 'draining' },
      serving: { 'supervisor.drain': 'draining' },
      draining: { 'supervisor.drained': 'stopped' },
      stopped: {},
    };
    for (const state of SUPERVISOR_LIFECYCLE_STATES) {
      const from = start().send(...reach[state]);
      expect(from.value).toBe(state);
      for (const event of [resumed(5), drain, drained]) {
        const [next] = transition(supervisorLifecycleMachine, from, event);
        // The state and event ride along so a failure names the transition that went wrong.
        const seen: string[] = [state, event.type, next.value];
        expect(seen).toEqual([state, event.type, moves[state][event.type] ?? state]);
      }
    }
  });

  test('GIVEN serving WHEN resumed is sent again THEN the count of resumed channels is kept', () => {
    expect(start().send(resumed(4), resumed(9)).context.resumed).toBe(4);
  });
});
