import type { ChatToolCall } from '../domain/chat-turn.ts';
import type { ChatResponse } from './chat-model.ts';
import { LlmError } from './errors.ts';
import { reportedError } from './reported-error.ts';
import { UnreadableBodyError } from './unreadable-body.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A token count as reported, or 0 when it is not one: a whole number from 0 to
 * `Number.MAX_SAFE_INTEGER`. A fraction (`5e-324`, found by test/fuzz/model-replies.fuzz.test.ts) or
 * 1e300 would otherwise reach the usage records and metrics as tokens nobody spent.
 */
const count = (value: unknown): number =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : 0;

function bad(model: string, what: string): LlmError {
  return new LlmError(
    'LLM_BAD_RESPONSE',
    `model ${model} sent a reply Ery cannot use (${what}); if this repeats, try another LLM_MODEL`,
    { model },
  );
}

/** Part types that carry the model's private reasoning: never part of what it says. */
const THOUGHT_PARTS = new Set(['thinking', 'redacted_thinking', 'reasoning', 'reasoning_content']);

/**
 * The text of `content`: a string, null, or a list of parts (Anthropic-style and some
 * OpenAI-compatible servers) whose text parts are joined and whose thinking parts are dropped.
 * Undefined when it has a shape no server documents (a number, an object that is no part).
 */
function contentText(content: unknown): string | null | undefined {
  if (content === undefined || content === null) return null;
  if (typeof content === 'string') return content;
  const parts = Array.isArray(content) ? content : isObject(content) ? [content] : undefined;
  if (!parts) return undefined;
  const texts: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') texts.push(part);
    else if (!isObject(part)) return undefined;
    else if (typeof part.type === 'string' && THOUGHT_PARTS.has(part.type)) continue;
    else if (typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('');
}

/**
 * The arguments as JSON text. The API sends a JSON string; some servers send the object itself,
 * an empty string or nothing for "no arguments". Anything else is passed on as JSON for the tool
 * executor to reject with a reason the model can read.
 */
function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? '{}' : value;
  if (value === undefined || value === null) return '{}';
  return JSON.stringify(value);
}

function parseToolCall(raw: unknown, index: number, model: string): ChatToolCall {
  if (!isObject(raw)) throw bad(model, `tool call ${index} is not an object`);
  // `type` is not checked: a call with a function and a name is usable whatever it says it is.
  const fn = raw.function;
  if (!isObject(fn)) throw bad(model, `tool call ${index} has no function`);
  if (typeof fn.name !== 'string' || fn.name.trim() === '')
    throw bad(model, `tool call ${index} has no name`);
  // A missing id is tolerated (some local servers omit it); the agent makes ids unique per step.
  const id = typeof raw.id === 'string' ? raw.id : typeof raw.id === 'number' ? String(raw.id) : '';
  return { id, name: fn.name.trim(), arguments: argumentsText(fn.arguments) };
}

/**
 * Turns a chat completion body into a {@link ChatResponse}, checking its shape by hand: the SDK's
 * types describe what a well-behaved server sends, not what every OpenAI-compatible server does.
 * Lenient where the intent is clear (content as parts, reasoning fields, arguments as an object,
 * missing ids or types); an error reported in the body or the choice throws a
 * `ProviderReportedError` (classified like its HTTP status); anything else unusable throws
 * `LLM_BAD_RESPONSE` naming what, never a TypeError; a body that is text, not JSON, throws an
 * `UnreadableBodyError` (retried like a 502). `retryAfterMs` is the response's Retry-After,
 * used for a reported error that names no wait of its own.
 */
export function parseCompletion(body: unknown, requestedModel: string, retryAfterMs?: number): ChatResponse {
  // The SDK hands over the text of a body it was not told is JSON (an HTML error page).
  if (typeof body === 'string') throw new UnreadableBodyError(body);
  if (!isObject(body)) throw bad(requestedModel, 'the body is not a JSON object');
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : requestedModel;
  if (!Array.isArray(body.choices) || body.choices.length === 0) {
    // OpenRouter reports upstream failures as 200 with an `error` object and no choices.
    if (body.error !== undefined && body.error !== null)
      throw reportedError('body', body.error, retryAfterMs);
    throw bad(model, 'no choices');
  }
  const choice = body.choices[0];
  if (!isObject(choice)) throw bad(model, 'the first choice is not an object');
  if ((choice.error !== undefined && choice.error !== null) || choice.finish_reason === 'error') {
    throw reportedError(
      'choice',
      choice.error ?? { message: 'the choice ended with finish_reason "error"' },
      retryAfterMs,
    );
  }
  if (!isObject(choice.message)) throw bad(model, 'the first choice has no message');
  const message = choice.message;
  const content = contentText(message.content);
  if (content === undefined) throw bad(model, `message content is a ${typeof message.content}, not text`);
  const rawCalls = message.tool_calls ?? [];
  if (!Array.isArray(rawCalls)) throw bad(model, 'tool_calls is not a list');
  const toolCalls = rawCalls.map((call, index) => parseToolCall(call, index, model));
  const usage = isObject(body.usage) ? body.usage : {};
  return {
    content: content !== '' ? content : null,
    toolCalls,
    usage: { promptTokens: count(usage.prompt_tokens), completionTokens: count(usage.completion_tokens) },
    model,
  };
}
