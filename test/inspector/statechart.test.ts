import { describe, expect, test } from 'bun:test';
import { createMachine } from 'xstate';
import { CHANNEL_STATES, channelMachine } from '../../machines/channel.machine.ts';
import {
  SUPERVISOR_LIFECYCLE_STATES,
  supervisorLifecycleMachine,
} from '../../machines/supervisor-lifecycle.machine.ts';
import { layoutMachine } from '../../src/inspector/layout.ts';
import { INITIAL_MARKER, machineGraph } from '../../src/inspector/statechart.ts';
import type { ChartNode, Statechart } from '../../src/inspector/wire.ts';

const edgesOf = (chart: { edges: Array<{ source: string; target: string; event: string }> }) =>
  chart.edges.map((edge) => `${edge.source} -${edge.event}-> ${edge.target}`);

const inside = (point: { x: number; y: number }, node: ChartNode) =>
  point.x >= node.x - 0.5 &&
  point.x <= node.x + node.width + 0.5 &&
  point.y >= node.y - 0.5 &&
  point.y <= node.y + node.height + 0.5;

function overlap(a: ChartNode, b: ChartNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

type Box = { x: number; y: number; width: number; height: number };
type Point = { x: number; y: number };

/** Distance from `point` to `box` (0 inside it). */
function pointToBox(point: Point, box: Box): number {
  const dx = Math.max(box.x - point.x, 0, point.x - (box.x + box.width));
  const dy = Math.max(box.y - point.y, 0, point.y - (box.y + box.height));
  return Math.hypot(dx, dy);
}

/** Distance from a routed edge to `box`, measured along each segment at every half unit. */
function edgeToBox(points: Point[], box: Box): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < points.length; i += 1) {
    const [a, b] = [points[i - 1] as Point, points[i] as Point];
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) * 2));
    for (let s = 0; s <= steps; s += 1)
      best = Math.min(
        best,
        pointToBox({ x: a.x + ((b.x - a.x) * s) / steps, y: a.y + ((b.y - a.y) * s) / steps }, box),
      );
  }
  return best;
}

/**
 * Every label on its own edge: the edge touches the label's box (within 2 units), and every other
 * edge stays clear of it, so no label can be read as another transition's.
 */
function expectLabelsOnTheirEdges(chart: Statechart): void {
  for (const edge of chart.edges) {
    if (!edge.label) continue;
    const label = edge.label;
    const others = chart.edges
      .filter((other) => other !== edge)
      .map((other) => ({ other: edgesOf({ edges: [other] })[0], distance: edgeToBox(other.points, label) }))
      .filter(({ distance }) => distance <= 2);
    expect({ label: label.text, own: edgeToBox(edge.points, label) <= 2, others }).toEqual({
      label: edge.event,
      own: true,
      others: [],
    });
  }
}

/** Every box apart, and every edge starting on its source's border and ending on its target's. */
function expectLaidOut(chart: Statechart): void {
  const nodes = new Map(chart.nodes.map((node) => [node.id, node]));
  for (const a of chart.nodes) {
    expect(a.width).toBeGreaterThan(0);
    for (const b of chart.nodes)
      if (a !== b) expect({ a: a.id, b: b.id, overlap: overlap(a, b) }).toMatchObject({ overlap: false });
  }
  for (const edge of chart.edges) {
    const [first, last] = [edge.points[0], edge.points.at(-1)];
    const [source, target] = [nodes.get(edge.source), nodes.get(edge.target)];
    if (!first || !last || !source || !target) throw new Error(`edge ${edge.id} is not routed`);
    expect({
      edge: edgesOf({ edges: [edge] })[0],
      starts: inside(first, source),
      ends: inside(last, target),
    }).toMatchObject({
      starts: true,
      ends: true,
    });
  }
}

describe('statechart from the machine definition', () => {
  test('GIVEN the channel machine THEN every state and every transition that changes state is drawn', () => {
    const graph = machineGraph(channelMachine);
    expect(graph.nodes.map((node) => node.id)).toEqual([INITIAL_MARKER, ...CHANNEL_STATES]);
    expect(graph.nodes.find((node) => node.id === 'reaped')?.kind).toBe('final');
    expect(graph.nodes.find((node) => node.id === 'running')?.invokes).toEqual(['invoke agentThread']);
    expect(edgesOf(graph)).toEqual([
      '(initial) --> idle',
      'idle -message.received [isNewMessage]-> batching',
      'idle -reaction.added [isNewMessage]-> batching',
      'idle -member.joined [isNewMessage]-> batching',
      'idle -idle.elapsed-> reaped',
      'batching -permit.granted [hasTrigger]-> running',
      'batching -always [readyToRun]-> running',
      'batching -always [batchEmpty]-> idle',
      'running -thread.deadline.elapsed-> cooldown',
      'running -xstate.done.actor.agentThread-> cooldown',
      'running -xstate.error.actor.agentThread-> cooldown',
      'cooldown -cooldown.elapsed [hasQueue]-> batching',
      'cooldown -cooldown.elapsed-> idle',
    ]);
    // Handled in place: listed inside the state, not drawn as edges.
    expect(graph.nodes.find((node) => node.id === 'batching')?.lines).toEqual([
      'message.received [isNewMessage]',
      'reaction.added [isNewMessage]',
      'member.joined [isNewMessage]',
      'message.updated [holdsChanged]',
      'message.deleted [holdsChanged]',
      'batch.window.elapsed [hasNoTrigger]',
      'config.updated',
      'timers.rearm',
    ]);
  });

  test('GIVEN a machine with delayed, inline-guarded and nested transitions THEN each is read from its definition', () => {
    const machine = createMachine({
      id: 'door',
      initial: 'closed',
      states: {
        closed: {
          on: {
            open: {
              target: 'open',
              guard: function unlocked() {
                return true;
              },
            },
          },
        },
        open: {
          after: { 500: 'closed' },
          initial: 'wide',
          states: { wide: { on: { push: '#door.broken' } } },
        },
        broken: { type: 'final' },
      },
    });
    expect(edgesOf(machineGraph(machine))).toEqual([
      '(initial) --> closed',
      'closed -open [unlocked]-> open',
      'open -xstate.after.500.door.open-> closed',
      'open -push-> broken',
    ]);
  });

  test('GIVEN the channel and supervisor machines THEN elkjs lays them out with no box over another and every edge joining its states', async () => {
    const channel = await layoutMachine(channelMachine);
    expectLaidOut(channel);
    expect(channel.edges.every((edge) => edge.event === '' || edge.label !== null)).toBe(true);
    const supervisor = await layoutMachine(supervisorLifecycleMachine);
    expectLaidOut(supervisor);
    expect(supervisor.nodes.map((node) => node.id)).toEqual([INITIAL_MARKER, ...SUPERVISOR_LIFECYCLE_STATES]);
  });

  test('GIVEN both machines laid out THEN each transition label sits on its own edge and no other edge runs through it', async () => {
    expectLabelsOnTheirEdges(await layoutMachine(channelMachine));
    expectLabelsOnTheirEdges(await layoutMachine(supervisorLifecycleMachine));
  });
});
