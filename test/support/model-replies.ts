/**
 * The model replies of issue 7 §4 ("what real model servers really send"), as the scripted server
 * sends them, so unit and end-to-end tests replay the same inputs.
 */

/** A first choice whose content is a list of parts (thinking, then empty text) beside a valid call. */
export function partsBesideToolCall(content: string, id = 'call_p') {
  return {
    finish_reason: 'tool_calls',
    message: {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'The user wants a greeting.' },
        { type: 'text', text: '' },
      ],
      reasoning_content: 'The user wants a greeting.',
      tool_calls: [
        { id, type: 'function', function: { name: 'send_message', arguments: JSON.stringify({ content }) } },
      ],
    },
  };
}

/** vLLM with Qwen/Hermes: the call written as text, `tool_calls []`, `finish_reason "stop"`. */
export function toolCallAsText(content: string) {
  return {
    finish_reason: 'stop',
    message: {
      role: 'assistant',
      content: `<tool_call>${JSON.stringify({ name: 'send_message', arguments: { content } })}</tool_call>`,
      tool_calls: [],
    },
  };
}

/** OpenRouter: HTTP 200, an error and no choices. */
export const OPENROUTER_502_BODY = { error: { message: 'Provider returned error', code: 502 } };
