import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** A state of the walked machine, before layout. */
export interface GraphNode {
  id: string;
  kind: 'state' | 'final' | 'initial';
  invokes: string[];
  /** Transitions handled in place (no target), as `event [guard]`. */
  lines: string[];
}

/** A transition between two top-level states, before layout. */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** `event [guard]`; `always [guard]` for an eventless transition. */
  event: string;
}

/** A machine's top-level states and transitions, read from its definition. */
export interface MachineGraph {
  id: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The start marker's id: not a state key (keys cannot hold parentheses in a snapshot value). */
export const INITIAL_MARKER = '(initial)';

/**
 * Walks `machine.root`: one node per top-level state (final states marked, invoked actors listed),
 * one edge per transition that targets a state (event transitions, `always`, delayed and
 * invoke done/error transitions alike, since XState lists them all in `transitions`), and the
 * targetless ones as lines inside their state. A start marker points at the initial state.
 * Nested states are drawn as their top-level parent (Ery's machines are flat): their transitions
 * that leave it are its edges, the ones that stay inside are its lines.
 */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const root = machine.root;
  const nodes: GraphNode[] = [{ id: INITIAL_MARKER, kind: 'initial', invokes: [], lines: [] }];
  const edges: GraphEdge[] = [];
  const initial = root.initial?.target?.[0];
  if (initial) edges.push(edge(edges.length, INITIAL_MARKER, topKey(root, initial), ''));
  for (const [key, node] of Object.entries(root.states)) {
    const lines = new Set<string>();
    for (const from of [node, ...descendants(node)]) {
      const transitions = [...from.transitions.values()].flat().concat(from.always ?? []);
      for (const transition of transitions) {
        const label = describe(transition.eventType || 'always', transition.guard);
        const targets = (transition.target ?? []).map((target) => topKey(root, target));
        // A nested state moving within its top-level state stays inside the box.
        const leaving = targets.filter((target) => from === node || target !== key);
        if (leaving.length === 0) lines.add(label);
        for (const target of leaving) edges.push(edge(edges.length, key, target, label));
      }
    }
    nodes.push({
      id: key,
      kind: node.type === 'final' ? 'final' : 'state',
      invokes: node.invoke.map(
        (invoke) => `invoke ${typeof invoke.src === 'string' ? invoke.src : invoke.id}`,
      ),
      lines: [...lines],
    });
  }
  return { id: root.id, nodes, edges };
}

function descendants(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states).flatMap((child) => [child, ...descendants(child)]);
}

function edge(index: number, source: string, target: string, event: string): GraphEdge {
  return { id: `e${index}`, source, target, event };
}

/** The top-level state that holds `node` (itself when it is top-level). */
function topKey(root: AnyStateNode, node: AnyStateNode): string {
  let current = node;
  while (current.parent && current.parent !== root) current = current.parent;
  return current.key;
}

/** `event [guard]`, naming the guard whether it is a string, a `{ type }` object or a function. */
function describe(event: string, guard: unknown): string {
  const name =
    typeof guard === 'string'
      ? guard
      : typeof guard === 'function'
        ? guard.name || 'guard'
        : guard && typeof guard === 'object' && 'type' in guard
          ? String(guard.type)
          : null;
  return name ? `${event} [${name}]` : event;
}
