/**
 * Arbitraries for what an OpenAI-compatible server may answer a chat completion with
 * (https://platform.openai.com/docs/api-reference/chat/object): a completion whose every field may
 * be missing, null, of the wrong type or huge, tool calls whose arguments are not JSON, errors in
 * a 200 body, HTTP errors, and bodies that are not JSON at all.
 */
import fc from 'fast-check';
import type { ScriptStep } from '../../support/openai-server.ts';
import { anyJson, anyText } from '../fuzz-params.ts';
import { maybe } from './message-fields.ts';

const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.record(fields, { requiredKeys: [] });

/** Tool names the model may call, real and not. */
const toolName = fc.constantFrom(
  'send_message',
  'add_reaction',
  'reply_to_message',
  'get_server_stats',
  'nope',
  '',
  'SEND_MESSAGE',
);

/** A tool call's `arguments`: JSON text, near-JSON text, or not even a string. */
const toolArguments = fc.oneof(
  anyJson().map((value) => JSON.stringify(value) ?? ''),
  fc.constant('{"content":"hi"}'),
  fc.constantFrom('{"content":', '{content: "hi"}', 'null', '', '{"content":"hi"}{"content":"again"}'),
  anyText(3000).map((text) => JSON.stringify({ content: text })),
  anyJson(),
);

const toolCall = partial({
  id: maybe(fc.string({ maxLength: 20 })),
  type: maybe(fc.constantFrom('function', 'custom', '')),
  function: maybe(partial({ name: maybe(toolName), arguments: toolArguments })),
});

const message = partial({
  role: maybe(fc.constantFrom('assistant', 'user', 'tool')),
  content: maybe(
    fc.oneof(
      anyText(5000),
      fc.integer({ min: 0, max: 200_000 }).map((n) => 'y'.repeat(n)),
      fc.array(anyJson(), { maxLength: 3 }),
    ),
  ),
  tool_calls: maybe(fc.array(toolCall, { maxLength: 4 })),
  reasoning_content: maybe(anyText(200)),
  refusal: maybe(fc.string({ maxLength: 40 })),
});

const choice = partial({
  index: maybe(fc.integer()),
  message: maybe(message),
  finish_reason: maybe(fc.constantFrom('stop', 'tool_calls', 'length', 'content_filter', 'error', '')),
  error: maybe(partial({ message: maybe(fc.string()), code: maybe(fc.oneof(fc.integer(), fc.string())) })),
});

/** A completion body with any of its fields broken. */
export const completionBody = partial({
  id: maybe(fc.string({ maxLength: 20 })),
  object: maybe(fc.constant('chat.completion')),
  model: maybe(fc.string({ maxLength: 30 })),
  choices: maybe(fc.array(choice, { maxLength: 3 })),
  usage: maybe(
    partial({
      prompt_tokens: maybe(fc.oneof(fc.integer(), fc.double())),
      completion_tokens: maybe(fc.integer()),
    }),
  ),
  error: maybe(partial({ message: maybe(fc.string()), code: maybe(fc.oneof(fc.integer(), fc.string())) })),
});

/** One answer of the scripted server, for `world.llm.script`. */
export const modelReply: fc.Arbitrary<ScriptStep> = fc.oneof(
  { weight: 6, arbitrary: completionBody.map((json) => ({ json })) },
  { weight: 2, arbitrary: choice.map((one) => ({ choice: one as Record<string, unknown> })) },
  anyJson().map((json) => ({ json })),
  fc
    .record({
      status: fc.constantFrom(200, 200, 400, 404, 422, 500, 502),
      body: fc.oneof(
        fc.string({ maxLength: 80 }),
        fc.constantFrom('', '{', 'data: {}\n\n', '<html>oops</html>'),
      ),
      contentType: fc.constantFrom('application/json', 'text/html', 'text/event-stream', 'text/plain'),
    })
    .map((raw) => ({ raw })),
);
