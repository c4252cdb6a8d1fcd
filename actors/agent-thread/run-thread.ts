import type {
  ChatCompletionMessageParam,
  ChatResponse,
  ChatToolCall,
  ChatUsage,
} from '../../src/llm/chat-model.ts';
import { buildContext } from '../../src/llm/context.ts';
import { buildSystemPrompt } from '../../src/llm/prompt.ts';
import type { Logger } from '../../src/logger.ts';
import { AgentThreadError } from './errors.ts';
import { readModelReply, readToolResult } from './recorded.ts';
import { modelStepKey, toolStepKey } from './step-log.ts';
import type { ToolCallResult, ToolRunContext } from './tool-port.ts';
import type { AgentThreadDeps, AgentThreadInput, AgentThreadOutput, ToolCallSummary } from './types.ts';

/** Defaults of {@link AgentThreadDeps}. */
export const AGENT_DEFAULTS = {
  maxSteps: 8,
  callTimeoutMs: 60_000,
  historyLimit: 30,
  maxToolCallsPerStep: 10,
};

/**
 * Model replies sometimes repeat or omit call ids; the step log keys on them and the API pairs
 * results by them, so each id must be unique within its step.
 */
function uniqueCallIds(calls: ChatToolCall[], step: number): ChatToolCall[] {
  const seen = new Set<string>();
  return calls.map((call, index) => {
    const id = call.id === '' || seen.has(call.id) ? `call_${step}_${index + 1}` : call.id;
    seen.add(id);
    return { ...call, id };
  });
}

function assistantTurn(reply: ChatResponse): ChatCompletionMessageParam {
  return {
    role: 'assistant',
    content: reply.content,
    tool_calls: reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function' as const,
      function: { name: call.name, arguments: call.arguments },
    })),
  };
}

function failure(callId: string, error: string): ToolCallResult {
  return { callId, decision: 'allowed', ok: false, content: JSON.stringify({ ok: false, error }) };
}

/** Aborts when the caller's signal does or the deadline passes, whichever is first. */
function threadSignal(signal: AbortSignal, deadline: number | undefined, now: () => number) {
  const controller = new AbortController();
  let deadlinePassed = false;
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', onAbort, { once: true });
  const timer =
    deadline === undefined
      ? undefined
      : setTimeout(
          () => {
            deadlinePassed = true;
            controller.abort(new Error('thread deadline passed'));
          },
          Math.max(0, deadline - now()),
        );
  return {
    signal: controller.signal,
    deadlinePassed: () => deadlinePassed,
    dispose() {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Runs one agent thread to its end: build the context, ask the model, run each tool call in order,
 * feed the results back, repeat until a reply calls no tool or `maxSteps` replies were made. Every
 * reply and result goes to the step log first; what the log already holds is reused, not redone.
 * Text the model writes is logged, never posted: Ery speaks only through tools.
 */
export async function runAgentThread(
  deps: AgentThreadDeps,
  input: AgentThreadInput,
  callerSignal: AbortSignal,
): Promise<AgentThreadOutput> {
  const now = deps.now ?? Date.now;
  const maxSteps = deps.maxSteps ?? AGENT_DEFAULTS.maxSteps;
  const maxCalls = deps.maxToolCallsPerStep ?? AGENT_DEFAULTS.maxToolCallsPerStep;
  const { threadId } = input;
  const log: Logger = deps.logger.child({ threadId, channelId: input.channelId, guildId: input.guildId });
  const guard = threadSignal(callerSignal, input.deadline, now);
  const { signal } = guard;
  const stopIfAborted = () => {
    if (!signal.aborted) return;
    throw guard.deadlinePassed()
      ? new AgentThreadError('THREAD_DEADLINE', threadId, `thread ${threadId} ran past its deadline`)
      : new AgentThreadError('THREAD_ABORTED', threadId, `thread ${threadId} was stopped`);
  };
  // Abort errors from the model or a tool are reported as the thread's own stop reason.
  const rethrow = (error: unknown): never => {
    stopIfAborted();
    throw error;
  };

  const tools = deps.tools.definitions();
  const transcript: ChatCompletionMessageParam[] = [];
  let base: ChatCompletionMessageParam[] | undefined;
  const toolCalls: ToolCallSummary[] = [];
  const usage: ChatUsage = { promptTokens: 0, completionTokens: 0 };
  let model: string | null = null;
  let replayedSteps = 0;
  let steps = 0;
  let stoppedBecause: AgentThreadOutput['stoppedBecause'] = 'max_steps';
  log.info({ event: 'agent.thread.started', messages: input.messages.length }, 'agent thread started');

  try {
    for (let step = 1; step <= maxSteps; step += 1) {
      stopIfAborted();
      const modelKey = modelStepKey(threadId, step);
      let reply = readModelReply(await deps.steps.get(modelKey));
      if (reply) {
        replayedSteps += 1;
        log.debug({ event: 'agent.step.replayed', step }, 'model reply taken from the step log');
      } else {
        // Built only when the model is really called: a fully replayed thread reads no history.
        base ??= await baseContext(deps, input, tools, signal, log).catch(rethrow);
        const timeoutMs = Math.max(
          1,
          Math.min(deps.callTimeoutMs ?? AGENT_DEFAULTS.callTimeoutMs, (input.deadline ?? Infinity) - now()),
        );
        const fresh = await deps.model
          .complete({ messages: [...base, ...transcript], tools, timeoutMs }, signal)
          .catch(rethrow);
        reply = { ...fresh, toolCalls: uniqueCallIds(fresh.toolCalls, step) };
        await deps.steps.put(modelKey, threadId, step, 'model', reply);
        deps.usage?.(threadId, reply.usage, reply.model);
      }
      steps = step;
      model = reply.model;
      usage.promptTokens += reply.usage.promptTokens;
      usage.completionTokens += reply.usage.completionTokens;

      if (reply.toolCalls.length === 0) {
        if (reply.content) {
          log.info(
            { event: 'agent.text_ignored', step, text: reply.content.slice(0, 500) },
            'model wrote text without a tool call; it is not posted',
          );
        }
        stoppedBecause = 'no_tool_call';
        break;
      }
      if (reply.content) log.debug({ event: 'agent.model.text', step, text: reply.content.slice(0, 500) });
      transcript.push(assistantTurn(reply));

      for (const [index, call] of reply.toolCalls.entries()) {
        const key = toolStepKey(threadId, step, call.id);
        let result: ToolCallResult;
        let replayed = true;
        const recorded = readToolResult(await deps.steps.get(key));
        if (recorded === 'unreadable') {
          // Never run again: the call may have had its effect. The model is told instead.
          log.warn(
            { event: 'agent.step.unreadable', step, callId: call.id },
            'recorded tool result unreadable',
          );
          result = failure(call.id, 'the result of this call was lost; check the channel before retrying');
        } else if (recorded) {
          result = recorded;
        } else if (index >= maxCalls) {
          replayed = false;
          result = failure(
            call.id,
            `skipped: at most ${maxCalls} tool calls per reply; call it again if needed`,
          );
          await deps.steps.put(key, threadId, step, 'tool', result);
        } else {
          stopIfAborted();
          replayed = false;
          const ctx: ToolRunContext = {
            threadId,
            guildId: input.guildId,
            channelId: input.channelId,
            step,
            batch: input.messages,
            signal,
          };
          try {
            result = {
              ...(await deps.tools.execute(ctx, { id: call.id, name: call.name, arguments: call.arguments })),
            };
          } catch (error) {
            stopIfAborted();
            log.error(
              { event: 'agent.tool.crashed', step, tool: call.name, err: error },
              'tool executor threw',
            );
            result = failure(
              call.id,
              `the tool failed unexpectedly: ${error instanceof Error ? error.message : error}`,
            );
          }
          result.callId = call.id;
          // Recorded even when aborted meanwhile: the call happened, so a rerun must not repeat it.
          await deps.steps.put(key, threadId, step, 'tool', result);
        }
        log.info(
          {
            event: 'agent.tool.result',
            step,
            tool: call.name,
            callId: call.id,
            decision: result.decision,
            ok: result.ok,
            replayed,
          },
          `tool ${call.name}: ${result.decision}${result.ok ? '' : ' (failed)'}`,
        );
        toolCalls.push({
          step,
          callId: call.id,
          name: call.name,
          decision: result.decision,
          ok: result.ok,
          replayed,
        });
        transcript.push({ role: 'tool', tool_call_id: call.id, content: result.content });
      }
    }
  } finally {
    guard.dispose();
  }

  const output: AgentThreadOutput = {
    threadId,
    steps,
    toolCalls,
    stoppedBecause,
    usage,
    model,
    replayedSteps,
  };
  log.info(
    { event: 'agent.thread.done', steps, toolCalls: toolCalls.length, stoppedBecause, replayedSteps },
    'agent thread done',
  );
  return output;
}

async function baseContext(
  deps: AgentThreadDeps,
  input: AgentThreadInput,
  tools: ReturnType<AgentThreadDeps['tools']['definitions']>,
  signal: AbortSignal,
  log: Logger,
): Promise<ChatCompletionMessageParam[]> {
  const oldest = [...input.messages].sort((a, b) => a.createdAt - b.createdAt)[0];
  let history: Awaited<ReturnType<AgentThreadDeps['history']>> = [];
  if (oldest) {
    try {
      history = await deps.history(
        {
          channelId: input.channelId,
          before: oldest.id,
          limit: deps.historyLimit ?? AGENT_DEFAULTS.historyLimit,
        },
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw error;
      // History is context, not essential: the batch alone is still worth acting on.
      log.warn(
        { event: 'agent.history.failed', err: error },
        'could not read channel history; going on without it',
      );
    }
  }
  const rules = (await deps.rules?.(input.guildId)) ?? '';
  const system = buildSystemPrompt({
    guildId: input.guildId,
    channelId: input.channelId,
    rules,
    botName: deps.self?.name,
    now: (deps.now ?? Date.now)(),
  });
  const built = buildContext({
    system,
    history,
    batch: input.messages,
    tools,
    selfId: deps.self?.id,
    budget: deps.budget,
  });
  if (built.historyDropped > 0) {
    log.debug({ event: 'agent.context.trimmed', dropped: built.historyDropped, kept: built.historyKept });
  }
  return built.messages;
}
