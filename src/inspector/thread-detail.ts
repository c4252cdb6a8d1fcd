import { toolStepKey } from '../../actors/agent-thread/step-log.ts';
import { readGiven, readModelReply, readToolResult } from '../../actors/agent-thread/step-records.ts';
import type { RecordedStores } from './stores.ts';
import type { AuditEntry, RecordedStep } from './thread-records.ts';
import { withInterruptions } from './thread-times.ts';
import type { PromptTurn, ThreadDetail, ThreadStep, ToolCallRow } from './wire.ts';

/** Audit rows a thread can have at most; a thread makes a few dozen calls. */
const AUDIT_LIMIT = 1_000;

/**
 * One thread in detail, from what Ery recorded of it: the thread row, then per model step what the
 * model was given (kept beside the reply in the step log), its reply, and each tool call it made with the
 * permission decision and reason from the audit log and the result it read back. Calls denied or
 * invalid are also listed on their own, and the restarts that cut the thread off. Null when no
 * such thread exists. Read through `stores` (its thread records and actor log).
 */
export function threadDetail(
  stores: Pick<RecordedStores, 'threads' | 'actorLog'>,
  threadId: string,
): ThreadDetail | null {
  const thread = stores.threads.thread(threadId);
  if (!thread) return null;
  const rows = stores.threads.steps(threadId);
  const audit = stores.threads.audit(threadId, AUDIT_LIMIT).reverse();
  const steps = [...new Set(rows.map((row) => row.step))].sort((a, b) => a - b);
  let given: PromptTurn[] = [];
  const built = steps.map((step): ThreadStep => {
    const ofStep = rows.filter((row) => row.step === step);
    const modelRow = ofStep.find((row) => row.kind === 'model')?.payload;
    const prompt = readGiven(modelRow);
    if (prompt) given = [...given.slice(0, prompt.from), ...prompt.turns.map(promptTurn)];
    const reply = readModelReply(modelRow);
    const audited = audit.filter((entry) => entry.step === step);
    const callIds = [
      ...new Set([...(reply?.toolCalls.map((call) => call.id) ?? []), ...audited.map((a) => a.callId)]),
    ];
    return {
      step,
      prompt: prompt ? given : null,
      tools: prompt?.tools ?? [],
      reply: reply
        ? {
            content: reply.content,
            model: reply.model,
            promptTokens: reply.usage.promptTokens,
            completionTokens: reply.usage.completionTokens,
          }
        : null,
      calls: callIds.map((callId) => {
        const call = reply?.toolCalls.find((c) => c.id === callId);
        const entry = audited.find((a) => a.callId === callId);
        const result = ofStep.find((row) => row.key === toolStepKey(threadId, step, callId));
        return callRow(callId, call, entry, result);
      }),
    };
  });
  const denied = built.flatMap((step) =>
    step.calls.filter((call) => call.decision === 'denied' || call.decision === 'invalid'),
  );
  const [timed] = withInterruptions(stores.actorLog, thread.channelId, [thread]);
  return { thread: timed ?? { ...thread, interruptions: [] }, steps: built, denied };
}

function callRow(
  callId: string,
  call: { name: string; arguments: string } | undefined,
  entry: AuditEntry | undefined,
  resultRow: RecordedStep | undefined,
): ToolCallRow {
  const recorded = readToolResult(resultRow?.payload);
  const result = recorded === 'unreadable' ? undefined : recorded;
  return {
    callId,
    tool: entry?.tool ?? call?.name ?? '?',
    arguments: entry?.arguments ?? parseJson(call?.arguments),
    decision: entry?.decision ?? result?.decision ?? null,
    reason: entry?.reason ?? null,
    outcome: entry?.outcome ?? null,
    result: entry?.result ?? null,
    error: entry?.error ?? null,
    durationMs: entry?.durationMs ?? null,
    fedBack: result?.content ?? null,
  };
}

/** A conversation turn as the page shows it: tool calls and results written out. */
function promptTurn(turn: { role: string } & Record<string, unknown>): PromptTurn {
  const content = typeof turn.content === 'string' ? turn.content : '';
  if (turn.role === 'assistant' && Array.isArray(turn.toolCalls) && turn.toolCalls.length > 0) {
    const calls = (turn.toolCalls as Array<{ name?: unknown; arguments?: unknown }>).map(
      (call) => `→ ${String(call.name)}(${String(call.arguments ?? '')})`,
    );
    return { role: turn.role, content: [content, ...calls].filter(Boolean).join('\n') };
  }
  if (turn.role === 'tool') return { role: 'tool', content: `[${String(turn.toolCallId)}] ${content}` };
  return { role: turn.role, content };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
