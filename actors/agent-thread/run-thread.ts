import type { ChatToolCall, ChatTurn, ToolDefinition } from '../../src/domain/chat-turn.ts';
import type { ChatResponse, ChatUsage } from '../../src/llm/chat-model.ts';
import { systemClock } from '../clock.ts';
import { AGENT_DEFAULTS } from './defaults.ts';
import { AgentThreadError } from './errors.ts';
import { runToolCall } from './run-tool-call.ts';
import { acted, addressingMessage, nudgeTurns, spoke, withRecoveredCalls } from './silence.ts';
import { modelStepKey } from './step-log.ts';
import { type RecordedPrompt, readModelReply } from './step-records.ts';
import { ThreadBudget } from './thread-budget.ts';
import { threadContext } from './thread-context.ts';
import { threadSignal } from './thread-signal.ts';
import type { AgentThreadDeps, AgentThreadInput, AgentThreadOutput, ToolCallSummary } from './types.ts';

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

const toolNames = (tools: ToolDefinition[]): Set<string> => new Set(tools.map((tool) => tool.name));

function assistantTurn(reply: ChatResponse): ChatTurn {
  return { role: 'assistant', content: reply.content, toolCalls: reply.toolCalls };
}

/**
 * Runs one agent thread to its end: build the context, ask the model, run each tool call in order,
 * feed the results back, repeat until a reply calls no tool or `maxSteps` replies were made. Every
 * reply and result goes to the step log first; what the log already holds is reused, not redone.
 * Text the model writes is logged, never posted: Ery speaks only through tools; calls it wrote as
 * text in a known format are run as calls. When someone addressed Ery and a reply calls no tool
 * before anything was posted, the model is nudged once to use its tools (issue 7 §4). Rejects
 * with `AgentThreadError` (`THREAD_ABORTED` / `THREAD_DEADLINE`) when stopped, `THREAD_SILENT`
 * when an addressed thread ends without a message or reaction, or an `LlmError`.
 */
export async function runAgentThread(
  deps: AgentThreadDeps,
  input: AgentThreadInput,
  callerSignal: AbortSignal,
): Promise<AgentThreadOutput> {
  const clock = deps.clock ?? systemClock;
  const maxSteps = deps.maxSteps ?? AGENT_DEFAULTS.maxSteps;
  const maxCalls = deps.maxToolCallsPerStep ?? AGENT_DEFAULTS.maxToolCallsPerStep;
  const { threadId } = input;
  const log = deps.logger.child({ threadId, channelId: input.channelId, guildId: input.guildId });
  // Before the thread's timer is armed: spend caps may leave a spent member's messages out (the
  // thread acts on what is left) or stop it before its first model call.
  const budget = await ThreadBudget.open(deps, input, log);
  const batchInput: AgentThreadInput = { ...input, messages: budget.batch };
  const grace = deps.deadlineGraceMs ?? AGENT_DEFAULTS.deadlineGraceMs;
  const deadline = input.deadline === undefined ? undefined : input.deadline + grace;
  const stop = threadSignal(threadId, callerSignal, deadline, clock);
  // An abort error from the model or a tool is reported as the thread's own stop reason.
  const rethrow = (error: unknown): never => {
    stop.throwIfStopped();
    throw error;
  };

  const tools = deps.tools.definitions();
  const names = toolNames(tools);
  const addressed = addressingMessage(batchInput) !== undefined;
  let answered = false;
  let actedOn = false;
  let nudged = false;
  const transcript: ChatTurn[] = [];
  let base: ChatTurn[] | undefined;
  /** Turns of the conversation already recorded as given to the model in this run (see `RecordedPrompt`). */
  let recordedTurns = 0;
  const output: AgentThreadOutput = {
    threadId,
    steps: 0,
    toolCalls: [],
    stoppedBecause: 'max_steps',
    usage: { promptTokens: 0, completionTokens: 0 },
    model: null,
    replayedSteps: 0,
  };
  log.info({ event: 'agent.thread.started', messages: input.messages.length }, 'agent thread started');

  try {
    for (let step = 1; step <= maxSteps; step += 1) {
      stop.throwIfStopped();
      const modelKey = modelStepKey(threadId, step);
      let reply = readModelReply(await deps.steps.get(modelKey));
      if (reply) {
        output.replayedSteps += 1;
        log.debug({ event: 'agent.step.replayed', step }, 'model reply taken from the step log');
      } else {
        if (await budget.before(step)) {
          output.stoppedBecause = 'budget';
          break;
        }
        // Built only when the model is really called: a fully replayed thread reads no history.
        base ??= await threadContext(deps, batchInput, tools, stop.signal, log, budget.omitted).catch(
          rethrow,
        );
        const callTimeout = deps.callTimeoutMs ?? AGENT_DEFAULTS.callTimeoutMs;
        const timeoutMs = Math.max(1, Math.min(callTimeout, (deadline ?? Infinity) - clock.now()));
        const messages = [...base, ...transcript];
        const fresh = await deps.model.complete({ messages, tools, timeoutMs }, stop.signal).catch(rethrow);
        const recovered = withRecoveredCalls(fresh, names, log, step);
        reply = { ...recovered, toolCalls: uniqueCallIds(recovered.toolCalls, step) };
        // Beside the reply, what the model was given, for people inspecting the thread (a replay
        // reads only the reply): the turns not yet recorded in this run, and the tools offered.
        const given: RecordedPrompt = {
          from: recordedTurns,
          turns: messages.slice(recordedTurns).map(withoutImageData),
          tools: [...names],
        };
        // The reply and its charge are queued together, so a store that groups writes commits
        // them at once; the reply is on disk before any of its tool calls runs.
        const recorded = deps.steps.put(modelKey, threadId, step, 'model', { ...reply, given });
        recordedTurns = messages.length;
        deps.usage?.(threadId, reply.usage, reply.model);
        await budget.charge(step, reply);
        await recorded;
      }
      output.steps = step;
      output.model = reply.model;
      addUsage(output.usage, reply.usage);

      if (reply.toolCalls.length === 0) {
        if (reply.content) {
          log.info(
            { event: 'agent.text_ignored', step, text: reply.content.slice(0, 500) },
            'model wrote text without a tool call; it is not posted',
          );
        }
        if (addressed && !answered && !nudged && step < maxSteps) {
          nudged = true;
          log.warn({ event: 'agent.nudged', step }, 'addressed, but the reply called no tool; nudging once');
          transcript.push(...nudgeTurns(reply));
          continue;
        }
        output.stoppedBecause = 'no_tool_call';
        break;
      }
      if (reply.content) log.debug({ event: 'agent.model.text', step, text: reply.content.slice(0, 500) });
      transcript.push(assistantTurn(reply));

      for (const [index, call] of reply.toolCalls.entries()) {
        const { result, replayed } = await runToolCall(deps, {
          input,
          step,
          index,
          call,
          maxCalls,
          stop,
          log,
        });
        const summary: ToolCallSummary = {
          step,
          callId: call.id,
          name: call.name,
          decision: result.decision,
          ok: result.ok,
          replayed,
        };
        // `tool`, not `name`: pino-pretty shows a `name` field as the logger's name.
        const { name: tool, ...rest } = summary;
        log.info(
          { event: 'agent.tool.result', tool, ...rest },
          `tool ${call.name}: ${result.decision === 'allowed' ? (result.ok ? 'done' : 'failed') : result.decision}`,
        );
        output.toolCalls.push(summary);
        answered ||= spoke(call.name, result);
        actedOn ||= acted(call.name, result);
        transcript.push({ role: 'tool', toolCallId: call.id, content: result.content });
      }
    }
  } finally {
    stop.dispose();
  }

  // A spent budget is said by its own notice (once per window), not as a failure of the thread.
  if (output.stoppedBecause === 'budget') {
    log.info(
      { event: 'agent.thread.budget_stopped', steps: output.steps },
      'a spent budget ended the thread',
    );
  } else if (addressed && !answered && actedOn) {
    log.warn(
      { event: 'agent.thread.acted_silently', steps: output.steps, stoppedBecause: output.stoppedBecause },
      'Ery was addressed and acted, but never told the requester',
    );
  } else if (addressed && !answered) {
    log.warn(
      { event: 'agent.thread.silent', steps: output.steps, stoppedBecause: output.stoppedBecause },
      'Ery was addressed but the thread posted no message and no reaction',
    );
    throw new AgentThreadError(
      'THREAD_SILENT',
      threadId,
      `thread ${threadId} was addressed but ended without a message or reaction (${output.stoppedBecause})`,
    );
  }
  log.info(
    {
      event: 'agent.thread.done',
      steps: output.steps,
      toolCalls: output.toolCalls.length,
      stoppedBecause: output.stoppedBecause,
      replayedSteps: output.replayedSteps,
    },
    'agent thread done',
  );
  return output;
}

function addUsage(total: ChatUsage, add: ChatUsage): void {
  total.promptTokens += add.promptTokens;
  total.completionTokens += add.completionTokens;
}

/**
 * A turn as the step log keeps it: an image's bytes are left out (a screenshot would make every
 * model row megabytes), its name kept, so an inspector still sees that the model was shown it.
 */
function withoutImageData(
  turn: ChatTurn,
): ChatTurn | (Omit<ChatTurn, 'images'> & { images: { name: string }[] }) {
  if (turn.role !== 'user' || !turn.images) return turn;
  return { ...turn, images: turn.images.map((image) => ({ name: image.name })) };
}
