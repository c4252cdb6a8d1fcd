import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { AnyStateMachine } from 'xstate';
import { type MachineGraph, machineGraph } from './statechart.ts';
import type { ChartEdge, ChartNode, Statechart } from './wire.ts';

/**
 * Text metrics of the page's SVG (client/statechart-svg.ts draws in these monospace sizes), so
 * ELK sizes each box and label to the text it will hold.
 */
export const CHART_TEXT = {
  titlePx: 13,
  linePx: 11,
  /** Width of one monospace character per pixel of font size. */
  charEm: 0.62,
  lineHeight: 16,
  padding: 10,
} as const;

const INITIAL_SIZE = 14;

const width = (text: string, px: number) => Math.ceil(text.length * px * CHART_TEXT.charEm);

/**
 * ELK's layered algorithm, top to bottom with orthogonal edges (the look of Stately's visualiser).
 * Layers follow the order the machine declares its states, so the happy path reads downwards and
 * the edges that loop back (cooldown → idle) are the ones drawn against the flow.
 */
const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeEdge': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '14',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

/**
 * Each transition's label is part of the layout, on its own edge: ELK's layered algorithm gives a
 * center label a place in a layer of its own, and `inline` routes the edge straight through it
 * (the page draws the label on an opaque box, so the line never crosses the text). Beside the edge
 * instead, a label sat between parallel edges or nearer another edge than its own. These options
 * target labels, so they are set on each label: ELK does not read them from the graph.
 */
const LABEL_OPTIONS: Record<string, string> = {
  'elk.edgeLabels.inline': 'true',
  'elk.edgeLabels.placement': 'CENTER',
};

function elkNode(node: MachineGraph['nodes'][number]): ElkNode {
  if (node.kind === 'initial') return { id: node.id, width: INITIAL_SIZE, height: INITIAL_SIZE };
  const { titlePx, linePx, lineHeight, padding } = CHART_TEXT;
  const rows = [...node.invokes, ...node.lines];
  return {
    id: node.id,
    width: Math.max(110, width(node.id, titlePx), ...rows.map((row) => width(row, linePx))) + 2 * padding,
    height: 2 * padding + lineHeight + 4 + rows.length * (lineHeight - 2),
  };
}

function elkEdge(edge: MachineGraph['edges'][number]): ElkExtendedEdge {
  const labels = edge.event
    ? [
        {
          text: edge.event,
          width: width(edge.event, CHART_TEXT.linePx) + 8,
          height: CHART_TEXT.lineHeight,
          layoutOptions: LABEL_OPTIONS,
        },
      ]
    : [];
  return { id: edge.id, sources: [edge.source], targets: [edge.target], labels };
}

/**
 * Lays out `machine`'s statechart with elkjs: the boxes and routes come from ELK, the states and
 * transitions from the machine's definition (see {@link machineGraph}); nothing is placed by hand.
 */
export async function layoutMachine(machine: AnyStateMachine): Promise<Statechart> {
  const graph = machineGraph(machine);
  // Loaded on first use: most Erys never open the inspector (see ./elk.ts).
  const { elk } = await import('./elk.ts');
  const laid: ElkNode = await elk.layout({
    id: graph.id,
    layoutOptions: LAYOUT_OPTIONS,
    children: graph.nodes.map(elkNode),
    edges: graph.edges.map(elkEdge),
  });
  const placed = new Map((laid.children ?? []).map((child) => [child.id, child]));
  const nodes: ChartNode[] = graph.nodes.map((node) => {
    const box = placed.get(node.id);
    return {
      ...node,
      x: box?.x ?? 0,
      y: box?.y ?? 0,
      width: box?.width ?? 0,
      height: box?.height ?? 0,
    };
  });
  const routed = new Map((laid.edges ?? []).map((edge) => [edge.id, edge]));
  const edges: ChartEdge[] = graph.edges.map((edge) => {
    const done = routed.get(edge.id);
    const label = done?.labels?.[0];
    return {
      ...edge,
      label: label
        ? {
            text: label.text ?? edge.event,
            x: label.x ?? 0,
            y: label.y ?? 0,
            width: label.width ?? 0,
            height: label.height ?? 0,
          }
        : null,
      points: (done?.sections ?? []).flatMap((section) => [
        section.startPoint,
        ...(section.bendPoints ?? []),
        section.endPoint,
      ]),
    };
  });
  return { id: graph.id, width: laid.width ?? 0, height: laid.height ?? 0, nodes, edges };
}
