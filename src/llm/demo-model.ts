import type { Logger } from '../logger.ts';
import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatModel,
  ChatRequest,
  ChatResponse,
  ChatToolCall,
} from './chat-model.ts';
import { estimateTokens, NEW_BATCH_HEADER, parseTranscript, type TranscriptLine } from './context.ts';
import { LlmError } from './errors.ts';

/** Model id the demo model reports; `label` is what people see. */
export const DEMO_MODEL_ID = 'ery-offline-demo';
export const DEMO_MODEL_LABEL = 'offline demo model (not an AI)';

/** How to get a real model; shown in the start-up warning and in the `help` answer. */
export const CONFIGURE_HINT =
  'Set OPENROUTER_API_KEY (and optionally LLM_MODEL), or LLM_BASE_URL (+ LLM_API_KEY, LLM_MODEL) for any OpenAI-compatible server such as Ollama, then restart Ery.';

export const DEMO_HELP_TEXT = `I'm Ery, running in offline demo mode: no AI is connected, so I only greet, react and acknowledge messages with fixed rules.
With a real model I can answer questions, look up members and server stats, and moderate (ban, kick, timeout, roles) when a moderator asks me.
To connect one: ${CONFIGURE_HINT}`;

const GREETING = /\b(hi|hello|hey)\b/i;
const HELP = /\bhelp\b/i;
/** Bounds one demo turn however large the batch. */
const MAX_CALLS = 10;

function textOf(message: ChatCompletionMessageParam): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

function toolName(tool: ChatCompletionTool): string | undefined {
  return tool.type === 'function' ? tool.function.name : undefined;
}

/**
 * Parameter names come from the tool's JSON schema when it has them, so the demo model keeps
 * working if a tool names its field `messageId` rather than `message_id`.
 */
function paramName(tool: ChatCompletionTool | undefined, candidates: string[]): string {
  const properties =
    tool?.type === 'function'
      ? ((tool.function.parameters as { properties?: Record<string, unknown> } | undefined)?.properties ?? {})
      : {};
  return candidates.find((name) => name in properties) ?? (candidates[0] as string);
}

/**
 * The offline demo model: deterministic rules, not an AI. Like a real model it acts only through
 * tool calls, so the whole pipeline (batching, tools, audit, step log) runs without a key. It reads
 * the NEW batch turn built by `buildContext`, and once its tool results are back it ends the turn.
 */
export class DemoChatModel implements ChatModel {
  readonly label = DEMO_MODEL_LABEL;

  async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    if (signal?.aborted) throw new LlmError('LLM_ABORTED', 'call to the demo model was aborted');
    const batchAt = request.messages.findLastIndex(
      (message) => message.role === 'user' && textOf(message).startsWith(NEW_BATCH_HEADER),
    );
    const promptTokens = estimateTokens(request.messages.map(textOf).join('\n'));
    const answer = (content: string, toolCalls: ChatToolCall[] = []): ChatResponse => ({
      content,
      toolCalls,
      usage: { promptTokens, completionTokens: estimateTokens(content + JSON.stringify(toolCalls)) },
      model: DEMO_MODEL_ID,
    });
    if (batchAt === -1) return answer('Demo mode: no new messages found; nothing to do.');
    const after = request.messages.slice(batchAt + 1);
    if (after.some((message) => message.role === 'assistant')) {
      const results = after.filter((message) => message.role === 'tool').length;
      return answer(`Demo mode: done (${results} tool result${results === 1 ? '' : 's'} received).`);
    }
    const humans = parseTranscript(textOf(request.messages[batchAt] as ChatCompletionMessageParam)).filter(
      (line) => !line.bot && !line.from_you,
    );
    return answer('Demo mode: acting on the new messages.', planCalls(humans, request.tools));
  }
}

function planCalls(humans: TranscriptLine[], tools: ChatCompletionTool[]): ChatToolCall[] {
  const available = new Map(
    tools.flatMap((tool) => (toolName(tool) ? [[toolName(tool) as string, tool]] : [])),
  );
  const calls: ChatToolCall[] = [];
  const call = (name: string, args: (tool: ChatCompletionTool | undefined) => Record<string, string>) => {
    // With no tool list at all (a bare test request) every call is allowed.
    if (available.size > 0 && !available.has(name)) return false;
    calls.push({
      id: `demo_${calls.length + 1}`,
      name,
      arguments: JSON.stringify(args(available.get(name))),
    });
    return true;
  };
  const reply = (line: TranscriptLine, content: string) =>
    call('reply_to_message', (tool) => ({
      [paramName(tool, ['message_id', 'messageId', 'reply_to_message_id'])]: line.id,
      [paramName(tool, ['content', 'text'])]: content,
    }));

  let replied = false;
  for (const line of humans) {
    if (HELP.test(line.content)) replied = reply(line, DEMO_HELP_TEXT) || replied;
    else if (GREETING.test(line.content)) {
      replied =
        reply(
          line,
          `Hi ${line.author}! I'm Ery, running in offline demo mode (not an AI). Say "help" to see what I can do.`,
        ) || replied;
    }
  }
  for (const line of humans.filter((human) => human.mentions_ery)) {
    call('add_reaction', (tool) => ({
      [paramName(tool, ['message_id', 'messageId'])]: line.id,
      [paramName(tool, ['emoji', 'reaction'])]: '👀',
    }));
  }
  if (!replied && humans.length > 0) {
    const count = `${humans.length} new message${humans.length === 1 ? '' : 's'}`;
    const mention = humans.findLast((human) => human.mentions_ery);
    const text = `Demo mode: I read ${count}. No AI is connected, so I can only greet ("hi") and explain myself ("help").`;
    if (!(mention && reply(mention, text))) {
      call('send_message', (tool) => ({ [paramName(tool, ['content', 'text'])]: text }));
    }
  }
  return calls.slice(0, MAX_CALLS);
}

/** Creates the demo model and warns, once, that Ery is not using an AI and how to fix that. */
export function createDemoModel(logger: Logger): DemoChatModel {
  logger.warn(
    { event: 'llm.demo_model', model: DEMO_MODEL_ID },
    `No LLM configured: using the ${DEMO_MODEL_LABEL}. It follows fixed rules and is not an AI. ${CONFIGURE_HINT}`,
  );
  return new DemoChatModel();
}
