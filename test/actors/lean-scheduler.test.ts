import { heapStats } from 'bun:jsc';
import { describe, expect, test } from 'bun:test';
import { type AnyActorRef, assign, createActor, raise, SimulatedClock, setup } from 'xstate';
import { useLeanScheduler } from '../../actors/lean-scheduler.ts';

/**
 * A machine that uses every way XState schedules: `after`, a delayed `raise` with an id, its
 * cancel, the same id scheduled twice, and stopping with timers pending.
 */
const timed = setup({
  types: { context: {} as { log: string[] } },
  actions: {
    note: assign(({ context, event }) => ({ log: [...context.log, event.type] })),
  },
}).createMachine({
  context: { log: [] },
  initial: 'waiting',
  states: {
    waiting: {
      entry: [
        raise({ type: 'ping' }, { id: 'ping', delay: 50 }),
        raise({ type: 'pong' }, { id: 'pong', delay: 70 }),
      ],
      after: { 100: 'late' },
      on: {
        ping: { actions: 'note' },
        pong: { actions: 'note' },
        again: { actions: [raise({ type: 'pong' }, { id: 'pong', delay: 10 })] },
        cancel: { actions: ({ system, self }) => system.scheduler.cancel(self, 'pong') },
      },
    },
    late: {
      entry: raise({ type: 'ping' }, { id: 'ping', delay: 1_000 }),
      on: { ping: { actions: 'note' } },
    },
  },
});

type Step = { send: string } | { advance: number };

/** The machine driven through `steps` on simulated time: what it saw, and its pending events. */
function run(steps: Step[], lean: boolean) {
  const clock = new SimulatedClock();
  const actor = createActor(timed, { clock });
  if (lean) useLeanScheduler(actor as AnyActorRef, clock);
  actor.start();
  const seen: unknown[] = [];
  for (const step of steps) {
    if ('send' in step) actor.send({ type: step.send } as never);
    else clock.increment(step.advance);
    const pending = Object.values(actor.system.getSnapshot()._scheduledEvents).map((e) => [
      e.id,
      e.delay,
      e.event.type,
    ]);
    seen.push([actor.getSnapshot().value, actor.getSnapshot().context.log, pending]);
  }
  actor.stop();
  clock.increment(10_000);
  seen.push(actor.getSnapshot().context.log, Object.keys(actor.system.getSnapshot()._scheduledEvents));
  return seen;
}

describe("the lean scheduler of a channel actor's delayed events", () => {
  const scripts: Record<string, Step[]> = {
    'timers fire in order': [{ advance: 60 }, { advance: 20 }, { advance: 30 }, { advance: 1_000 }],
    'a cancelled timer never fires': [{ advance: 10 }, { send: 'cancel' }, { advance: 200 }],
    'the same id scheduled again': [{ send: 'again' }, { advance: 15 }, { advance: 60 }, { advance: 40 }],
    'stopped with timers pending': [{ advance: 10 }],
  };
  for (const [name, steps] of Object.entries(scripts)) {
    test(`GIVEN ${name} THEN it behaves exactly as XState's own scheduler`, () => {
      expect(run(steps, true)).toEqual(run(steps, false));
    });
  }

  test('GIVEN many actors each cycling timers THEN they add no hidden classes per actor, unlike XState objects', () => {
    const structures = () => {
      Bun.gc(true);
      return heapStats().objectTypeCounts.Structure ?? 0;
    };
    const cycle = (lean: boolean) => {
      const kept: unknown[] = [];
      const before = structures();
      for (let n = 0; n < 300; n += 1) {
        const clock = new SimulatedClock();
        const actor = createActor(timed, { clock });
        if (lean) useLeanScheduler(actor as AnyActorRef, clock);
        actor.start();
        clock.increment(60);
        kept.push(actor);
      }
      const added = (structures() - before) / kept.length;
      for (const actor of kept) (actor as { stop(): void }).stop();
      return added;
    };
    // XState's objects take a hidden class per timer set or cleared: several per actor.
    expect(cycle(false)).toBeGreaterThan(2);
    expect(cycle(true)).toBeLessThan(0.5);
  });
});
