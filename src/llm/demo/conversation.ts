import type { ChatTurn } from '../../domain/chat-turn.ts';

/** A tool call the demo model wants to make, before it gets an id. */
export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

/** What a tool result said, read from the executor's JSON (see src/tools/decision.ts). */
export type ToolOutcome =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: string; message: string; rule?: string; permission?: string };

/**
 * The calls made earlier in this turn, keyed by {@link callKey}, each with its result (undefined
 * while none came back). The demo model keeps no state of its own: every step it rereads this.
 */
export type PriorCalls = Map<string, ToolOutcome | undefined>;

/** The text of a turn ('' for a reply that only called tools). */
export function textOf(turn: ChatTurn): string {
  return turn.content ?? '';
}

/** Identifies a call by what it does, so the same call is recognised when the model sees it again. */
export function callKey(name: string, args: Record<string, unknown> | string): string {
  return `${name} ${typeof args === 'string' ? args : JSON.stringify(args)}`;
}

/** The calls in `turns` (the assistant and tool messages after the new batch) and their results. */
export function priorCalls(turns: ChatTurn[]): PriorCalls {
  const results = new Map<string, string>();
  for (const turn of turns) {
    if (turn.role === 'tool') results.set(turn.toolCallId, turn.content);
  }
  const calls: PriorCalls = new Map();
  for (const turn of turns) {
    if (turn.role !== 'assistant') continue;
    for (const call of turn.toolCalls ?? []) {
      const content = results.get(call.id);
      calls.set(callKey(call.name, call.arguments), content === undefined ? undefined : readOutcome(content));
    }
  }
  return calls;
}

function readOutcome(content: string): ToolOutcome {
  try {
    const value = JSON.parse(content) as {
      ok?: unknown;
      result?: Record<string, unknown>;
      error?: { code?: unknown; message?: unknown; rule?: unknown; permission?: unknown };
    };
    if (value.ok === true) return { ok: true, result: value.result ?? {} };
    const code = typeof value.error?.code === 'string' ? value.error.code : 'UNKNOWN';
    const message = typeof value.error?.message === 'string' ? value.error.message : 'no reason was given';
    const rule = typeof value.error?.rule === 'string' ? value.error.rule : undefined;
    const permission = typeof value.error?.permission === 'string' ? value.error.permission : undefined;
    return { ok: false, code, message, ...(rule ? { rule } : {}), ...(permission ? { permission } : {}) };
  } catch {
    return { ok: false, code: 'UNREADABLE', message: 'the tool result could not be read' };
  }
}
