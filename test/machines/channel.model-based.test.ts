import { describe, expect, test } from 'bun:test';
import { type AnyStateMachine, assign, raise } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { channelMachine } from '../../machines/channel.machine.ts';
import { ChannelHarness, type ExpectedState } from './channel.harness.ts';
import { channelModel, type ModelEvent } from './channel.model.ts';

interface Edge {
  from: string;
  event: ModelEvent;
  to: ExpectedState;
}

/**
 * Every transition of the abstract model, each with the shortest event path that reaches its
 * source state: running them all covers every state and every transition.
 */
function transitionPaths(): Array<{ name: string; events: ModelEvent[]; expected: ExpectedState[] }> {
  const adjacency = getAdjacencyMap(channelModel, {});
  const keys = Object.keys(adjacency);
  const initial = keys[0] as string;
  const routes = new Map<string, { events: ModelEvent[]; expected: ExpectedState[] }>([
    [initial, { events: [], expected: [] }],
  ]);
  const edges: Edge[] = [];
  const frontier = [initial];
  while (frontier.length > 0) {
    const from = frontier.shift() as string;
    const route = routes.get(from);
    for (const transition of Object.values(adjacency[from as keyof typeof adjacency]?.transitions ?? {})) {
      const to = { value: transition.state.value, context: transition.state.context };
      const toKey = JSON.stringify(to);
      edges.push({ from, event: transition.event as ModelEvent, to });
      if (!routes.has(toKey) && route) {
        routes.set(toKey, {
          events: [...route.events, transition.event as ModelEvent],
          expected: [...route.expected, to],
        });
        frontier.push(toKey);
      }
    }
  }
  return edges.map((edge) => {
    const route = routes.get(edge.from) ?? { events: [], expected: [] };
    const events = [...route.events, edge.event];
    return {
      name: `${edge.from} --${edge.event.type}--> ${JSON.stringify(edge.to)}`,
      events,
      expected: [...route.expected, edge.to],
    };
  });
}

/** Runs every path against `machine`; returns the first disagreement of each failing path. */
async function failuresOf(machine: AnyStateMachine): Promise<string[]> {
  const failures: string[] = [];
  for (const path of transitionPaths()) {
    const harness = new ChannelHarness(machine);
    try {
      for (const [index, event] of path.events.entries()) {
        await harness.apply(event);
        const problems = harness.compare(path.expected[index] as ExpectedState);
        if (problems.length > 0) {
          failures.push(`${path.name} @ step ${index + 1} (${event.type}): ${problems.join(', ')}`);
          break;
        }
      }
    } catch (error) {
      failures.push(`${path.name}: ${(error as Error).message}`);
    } finally {
      harness.stop();
    }
  }
  return failures;
}

describe('channel machine against its abstract model', () => {
  test('GIVEN the abstract model THEN its paths reach every state and every transition', () => {
    const paths = transitionPaths();
    const reached = new Set(paths.flatMap((path) => path.expected.map((state) => state.value)));
    expect([...reached].sort()).toEqual(['batching', 'cooldown', 'idle', 'reaped', 'running']);
    const eventTypes = new Set(paths.flatMap((path) => path.events.map((event) => event.type)));
    expect(eventTypes.size).toBe(8);
    expect(paths.length).toBeGreaterThan(100);
  });

  test('GIVEN every transition path THEN the real machine agrees with the model at every step', async () => {
    expect(await failuresOf(channelMachine)).toEqual([]);
  });

  test('GIVEN a mutant that runs batches of 4 THEN the model-based paths catch it', async () => {
    const batchOfFour = channelMachine.provide({
      actions: {
        appendToBatch: assign(({ context, event }) => {
          const batch = event.type === 'message.received' ? [...context.batch, event.message] : context.batch;
          const mention = batch.some((message) => message.mentionsBot);
          const full = batch.length >= context.settings.batchSize - 1;
          const trigger = mention ? ('mention' as const) : full ? ('count' as const) : null;
          return { batch, trigger: context.trigger ?? trigger };
        }),
      },
    });
    const failures = await failuresOf(batchOfFour);
    if (process.env.SHOW_MUTANTS) console.log(failures.length, failures[0]);
    expect(failures.length).toBeGreaterThan(0);
  });

  test('GIVEN a mutant that skips the cooldown THEN the model-based paths catch it', async () => {
    const noCooldown = channelMachine.provide({
      actions: { armCooldown: raise({ type: 'cooldown.elapsed' }) },
    });
    const failures = await failuresOf(noCooldown);
    if (process.env.SHOW_MUTANTS) console.log(failures.length, failures[0]);
    expect(failures.length).toBeGreaterThan(0);
  });
});
