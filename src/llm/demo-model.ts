import type { ChatToolCall, ChatTurn } from '../domain/chat-turn.ts';
import type { Logger } from '../logger.ts';
import type { ChatModel, ChatRequest, ChatResponse } from './chat-model.ts';
import { estimateTokens, NEW_BATCH_HEADER, parseTranscript, type TranscriptLine } from './context.ts';
import { priorCalls, textOf } from './demo/conversation.ts';
import { formatDuration } from './demo/duration.ts';
import { nextModerationCalls } from './demo/moderation-turn.ts';
import { DEFAULT_TIMEOUT_SECONDS, readRequests } from './demo/requests.ts';
import { StepCalls } from './demo/step-calls.ts';
import { LlmError } from './errors.ts';

/** Model id the demo model reports; `label` is what people see. */
export const DEMO_MODEL_ID = 'ery-offline-demo';
export const DEMO_MODEL_LABEL = 'offline demo model (not an AI)';

/** How to get a real model; shown in the start-up warning and in the `help` answer. */
export const CONFIGURE_HINT =
  'Set OPENROUTER_API_KEY (and optionally LLM_MODEL), or LLM_BASE_URL (+ LLM_API_KEY, LLM_MODEL) for any OpenAI-compatible server such as Ollama, then restart Ery.';

/** The answer to `help`: what the demo model understands, and how to connect a real model. */
export const DEMO_HELP_TEXT = `I'm Ery, running in offline demo mode: fixed rules, not an AI. I greet, react, acknowledge messages, and moderate when you mention me with a plain request (your Discord permissions are checked, as for any request):
- ban @member [for <reason>]
- kick @member [for <reason>]
- time out @member for 10 minutes (or mute @member 1h; s, m, h, d, w; at most 28 days; ${formatDuration(DEFAULT_TIMEOUT_SECONDS)} if you say nothing)
- give @member the Helper role, or add the Helper role to @member
- remove the Helper role from @member, or take Helper from @member
Bans, kicks and roles have no time limit, so I refuse them "for 10 minutes".
Name the member with a mention, or reply to one of their messages and say "ban them".
With a real model I can also answer questions and look up members and server stats.
To connect one: ${CONFIGURE_HINT}`;

const GREETING = /\b(hi|hello|hey)\b/i;
const HELP = /\bhelp\b/i;
/** Bounds one demo step however large the batch; what is left over comes in the next step. */
const MAX_CALLS = 10;

/**
 * The offline demo model: deterministic rules, not an AI. Like a real model it acts only through
 * tool calls, so the whole pipeline (batching, tools, authorisation, audit, step log) runs without
 * a key. It reads the NEW batch turn built by `buildContext`. A plain moderation request addressed
 * to Ery takes several steps of the agent loop: look the members up, call the moderation tool,
 * reply with how it ended; each step rereads the tool results it got back. When nothing is left to
 * do it answers with no tool call, ending the turn.
 */
export class DemoChatModel implements ChatModel {
  readonly label = DEMO_MODEL_LABEL;

  /**
   * @param options.thinkMs how long (ms) it pauses before the first step of a batch that addresses
   *   Ery, as a real model would take: without it the answer comes in milliseconds and nobody sees
   *   "Ery is typing…" in the playground. 0 (the default) answers at once. Honours the signal.
   */
  constructor(private readonly options: { thinkMs?: number } = {}) {}

  async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    if (signal?.aborted) throw new LlmError('LLM_ABORTED', 'call to the demo model was aborted');
    const batchAt = request.messages.findLastIndex(
      (message) => message.role === 'user' && textOf(message).startsWith(NEW_BATCH_HEADER),
    );
    const promptTokens = estimateTokens(request.messages.map(textOf).join('\n'));
    const answer = (content: string | null, toolCalls: ChatToolCall[] = []): ChatResponse => ({
      content,
      toolCalls,
      usage: { promptTokens, completionTokens: estimateTokens((content ?? '') + JSON.stringify(toolCalls)) },
      model: DEMO_MODEL_ID,
    });
    if (batchAt === -1) return answer('Demo mode: no new messages found; nothing to do.');
    const after = request.messages.slice(batchAt + 1);
    const step = after.filter((message) => message.role === 'assistant').length + 1;
    const known = request.messages
      .slice(0, batchAt + 1)
      .filter((message) => message.role === 'user')
      .flatMap((message) => parseTranscript(textOf(message)));
    const humans = parseTranscript(textOf(request.messages[batchAt] as ChatTurn)).filter(
      (line) => !line.bot && !line.from_you,
    );
    const thinkMs = this.options.thinkMs ?? 0;
    if (step === 1 && thinkMs > 0 && humans.some((line) => line.mentions_ery)) await pause(thinkMs, signal);
    const requests = readRequests(humans, known);
    const calls = new StepCalls(request.tools, step);
    if (step === 1) {
      const asked = new Set(requests.map((found) => found.line.id));
      socialCalls(humans, asked, calls);
    }
    for (const call of nextModerationCalls(requests, priorCalls(after), calls)) calls.add(call);
    // Done: a turn with no text and no call ends the thread, as a real model's final turn does
    // (text would only be logged as "written without a tool call").
    if (step > 1 && calls.calls.length === 0) return answer(null);
    return answer('Demo mode: acting on the new messages.', calls.calls.slice(0, MAX_CALLS));
  }
}

/** Greetings, help, 👀 on mentions and the acknowledgement: the first step's calls. */
function socialCalls(humans: TranscriptLine[], asked: Set<string>, calls: StepCalls): void {
  const reply = (line: TranscriptLine, content: string) =>
    calls.add({ name: 'reply_to_message', args: calls.replyArgs(line.id, content) });
  // A moderation request is answered once its tools have run; that answer is its reply.
  let replied = asked.size > 0;
  const open = humans.filter((human) => !asked.has(human.id));
  // The long help text once a batch: to the last line asking Ery, else the last asking anyone.
  const helpLines = open.filter((line) => HELP.test(line.content));
  const helped = helpLines.findLast((line) => line.mentions_ery) ?? helpLines.at(-1);
  if (helped) replied = reply(helped, DEMO_HELP_TEXT) || replied;
  for (const line of open) {
    if (HELP.test(line.content)) continue;
    if (GREETING.test(line.content)) {
      replied =
        reply(
          line,
          `Hi ${line.author}! I'm Ery, running in offline demo mode (fixed rules, not an AI). Say "help" to see what I can do.`,
        ) || replied;
    }
  }
  for (const line of humans.filter((human) => human.mentions_ery)) {
    calls.add({
      name: 'add_reaction',
      args: {
        [calls.param('add_reaction', ['message_id', 'messageId'])]: line.id,
        [calls.param('add_reaction', ['emoji', 'reaction'])]: '👀',
      },
    });
  }
  if (!replied && humans.length > 0) {
    const count = `${humans.length} new message${humans.length === 1 ? '' : 's'}`;
    const mention = humans.findLast((human) => human.mentions_ery);
    const text = `Demo mode (fixed rules, not an AI): I read ${count}. I can greet ("hi"), explain myself ("help") and carry out plain moderation requests such as "@Ery ban @member".`;
    if (!(mention && reply(mention, text))) {
      calls.add({ name: 'send_message', args: { [calls.param('send_message', ['content', 'text'])]: text } });
    }
  }
}

/** Waits `ms`, or rejects with LLM_ABORTED as soon as `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(new LlmError('LLM_ABORTED', 'call to the demo model was aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/** How long the demo model "thinks" about a batch that addresses Ery when Ery runs it (see `thinkMs`). */
export const DEMO_THINK_MS = 1_000;

/** Creates the demo model and warns, once, that Ery is not using an AI and how to fix that. */
export function createDemoModel(logger: Logger): DemoChatModel {
  logger.warn(
    { event: 'llm.demo_model', model: DEMO_MODEL_ID },
    `No LLM configured: using the ${DEMO_MODEL_LABEL}: it follows fixed rules. ${CONFIGURE_HINT}`,
  );
  return new DemoChatModel({ thinkMs: DEMO_THINK_MS });
}
