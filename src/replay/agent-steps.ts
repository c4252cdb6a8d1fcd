import { readModelReply, readToolResult } from '../../actors/agent-thread/step-records.ts';
import type { LoggedStep } from './channel-log.ts';
import { oneLine } from './describe-event.ts';

/** One recorded step of an agent thread, as the timeline shows it. */
export type AgentStepView =
  | {
      step: number;
      kind: 'model';
      at: number;
      model: string;
      /** What the model wrote (never posted: Ery speaks through tools), cut to one line. */
      text: string | null;
      calls: Array<{ id: string; name: string; arguments: string }>;
      usage: { promptTokens: number; completionTokens: number };
    }
  | {
      step: number;
      kind: 'tool';
      at: number;
      callId: string;
      decision: 'allowed' | 'denied' | 'invalid';
      ok: boolean;
      /** The result the model was given, cut to one line. */
      result: string;
    }
  /** A row whose payload is not a reply or a result this Ery can read. */
  | { step: number; kind: 'model' | 'tool'; at: number; unreadable: true; key: string };

/** The timeline's view of a recorded step. */
export function agentStepView(row: LoggedStep): AgentStepView {
  const { step, at } = row;
  if (row.kind === 'model') {
    const reply = readModelReply(row.payload);
    if (!reply) return { step, kind: 'model', at, unreadable: true, key: row.key };
    return {
      step,
      kind: 'model',
      at,
      model: reply.model,
      text: reply.content === null ? null : oneLine(reply.content, 120),
      calls: reply.toolCalls,
      usage: reply.usage,
    };
  }
  const result = readToolResult(row.payload);
  if (result === undefined || result === 'unreadable')
    return { step, kind: 'tool', at, unreadable: true, key: row.key };
  return {
    step,
    kind: 'tool',
    at,
    callId: result.callId,
    decision: result.decision,
    ok: result.ok,
    result: oneLine(result.content, 120),
  };
}
