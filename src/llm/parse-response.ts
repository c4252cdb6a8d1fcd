import type { ChatResponse, ChatToolCall } from './chat-model.ts';
import { LlmError } from './errors.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;

function bad(model: string, what: string): LlmError {
  return new LlmError(
    'LLM_BAD_RESPONSE',
    `model ${model} sent a reply Ery cannot use (${what}); if this repeats, try another LLM_MODEL`,
    { model },
  );
}

function parseToolCall(raw: unknown, index: number, model: string): ChatToolCall {
  if (!isObject(raw)) throw bad(model, `tool call ${index} is not an object`);
  if (raw.type !== undefined && raw.type !== 'function') {
    throw bad(model, `tool call ${index} has type ${JSON.stringify(raw.type)}, expected "function"`);
  }
  const fn = raw.function;
  if (!isObject(fn)) throw bad(model, `tool call ${index} has no function`);
  if (typeof fn.name !== 'string' || fn.name.trim() === '')
    throw bad(model, `tool call ${index} has no name`);
  // Some OpenAI-compatible servers send parsed arguments; the agent wants the text either way.
  let args: string;
  if (typeof fn.arguments === 'string') args = fn.arguments;
  else if (fn.arguments === undefined || fn.arguments === null) args = '{}';
  else if (isObject(fn.arguments)) args = JSON.stringify(fn.arguments);
  else throw bad(model, `tool call ${index} has arguments of type ${typeof fn.arguments}`);
  // A missing id is tolerated (some local servers omit it); the agent makes ids unique per step.
  const id = typeof raw.id === 'string' ? raw.id : '';
  return { id, name: fn.name, arguments: args };
}

/**
 * Turns a chat completion body into a {@link ChatResponse}, checking its shape by hand: the SDK's
 * types describe what a well-behaved server sends, not what every OpenAI-compatible server does.
 * Anything unusable throws `LLM_BAD_RESPONSE`, never a TypeError.
 */
export function parseCompletion(body: unknown, requestedModel: string): ChatResponse {
  if (!isObject(body)) throw bad(requestedModel, 'the body is not a JSON object');
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : requestedModel;
  if (!Array.isArray(body.choices) || body.choices.length === 0) {
    // OpenRouter reports upstream failures as 200 with an `error` object and no choices.
    const upstream =
      isObject(body.error) && typeof body.error.message === 'string' ? `: ${body.error.message}` : '';
    throw bad(model, `no choices${upstream}`);
  }
  const choice = body.choices[0];
  if (!isObject(choice) || !isObject(choice.message)) throw bad(model, 'the first choice has no message');
  const message = choice.message;
  if (message.content !== undefined && message.content !== null && typeof message.content !== 'string') {
    throw bad(model, 'message content is not text');
  }
  const rawCalls = message.tool_calls ?? [];
  if (!Array.isArray(rawCalls)) throw bad(model, 'tool_calls is not a list');
  const toolCalls = rawCalls.map((call, index) => parseToolCall(call, index, model));
  const usage = isObject(body.usage) ? body.usage : {};
  return {
    content: typeof message.content === 'string' && message.content !== '' ? message.content : null,
    toolCalls,
    usage: { promptTokens: count(usage.prompt_tokens), completionTokens: count(usage.completion_tokens) },
    model,
  };
}
