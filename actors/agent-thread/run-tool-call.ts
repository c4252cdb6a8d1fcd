import type { ChatToolCall } from '../../src/domain/chat-turn.ts';
import type { Logger } from '../../src/logger.ts';
import { errorContent, type ToolErrorCode } from '../../src/tools/decision.ts';
import { toolStepKey } from './step-log.ts';
import { readToolResult } from './step-records.ts';
import type { ThreadSignal } from './thread-signal.ts';
import type { ToolCallResult } from './tool-port.ts';
import type { AgentThreadDeps, AgentThreadInput } from './types.ts';

/** A result the agent writes itself, in the executor's error format. */
function failure(callId: string, code: ToolErrorCode, message: string): ToolCallResult {
  return { callId, decision: 'allowed', ok: false, content: errorContent({ code, message }) };
}

/** Where one call sits in its thread. `index` is its position in the model's reply. */
export interface ToolCallSlot {
  input: AgentThreadInput;
  step: number;
  index: number;
  call: ChatToolCall;
  maxCalls: number;
  stop: ThreadSignal;
  log: Logger;
}

/**
 * One tool call, at most once: a result already in the step log is reused; otherwise the executor
 * runs it and the result is recorded before anything else happens. Calls past `maxCalls` in one
 * reply are answered "skipped" without running, and audited as such (`ToolExecutor.skip`).
 */
export async function runToolCall(
  deps: AgentThreadDeps,
  slot: ToolCallSlot,
): Promise<{ result: ToolCallResult; replayed: boolean }> {
  const { input, step, call, stop, log } = slot;
  const key = toolStepKey(input.threadId, step, call.id);
  const recorded = readToolResult(await deps.steps.get(key));
  if (recorded === 'unreadable') {
    // Never run again: the call may have had its effect. The model is told instead.
    log.warn({ event: 'agent.step.unreadable', step, callId: call.id }, 'recorded tool result unreadable');
    const result = failure(
      call.id,
      'RESULT_LOST',
      'the result of this call was lost; check the channel first',
    );
    return { result, replayed: true };
  }
  if (recorded) return { result: recorded, replayed: true };

  let result: ToolCallResult;
  const ctx = {
    threadId: input.threadId,
    guildId: input.guildId,
    channelId: input.channelId,
    step,
    batch: input.messages,
    signal: stop.signal,
  };
  if (slot.index >= slot.maxCalls) {
    // Not run, but audited like every call the model made (the executor writes its row).
    const reason = `skipped: the reply asked for more than ${slot.maxCalls} tool calls and at most ${slot.maxCalls} run per reply; call it again if still needed`;
    result = { ...deps.tools.skip(ctx, { id: call.id, name: call.name, arguments: call.arguments }, reason) };
  } else {
    stop.throwIfStopped();
    try {
      result = {
        ...(await deps.tools.execute(ctx, { id: call.id, name: call.name, arguments: call.arguments })),
      };
    } catch (error) {
      // Aborted mid-call: not recorded, so a rerun runs it again (messages carry a nonce for that).
      stop.throwIfStopped();
      log.error({ event: 'agent.tool.crashed', step, tool: call.name, err: error }, 'tool executor threw');
      const reason = error instanceof Error ? error.message : String(error);
      result = failure(call.id, 'INTERNAL', `the tool failed unexpectedly: ${reason}`);
    }
    result.callId = call.id;
  }
  // Recorded even if the thread was stopped meanwhile: the call happened and must not be repeated.
  await deps.steps.put(key, input.threadId, step, 'tool', result);
  return { result, replayed: false };
}
