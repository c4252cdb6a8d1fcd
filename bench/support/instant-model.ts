/**
 * An instant scripted model: an OpenAI-compatible chat completions server that answers at once and
 * notes when each benchmark marker (`bench-<n>` in a message's text) first reached it, so the driver
 * can time mention → model request with one clock.
 */
import { epochNow } from './protocol.ts';

/** The one tool the bare client offers: what Ery's send_message takes, to the model's eye. */
export const SEND_MESSAGE_TOOL = {
  type: 'function',
  function: {
    name: 'send_message',
    description: 'Send a message to the channel.',
    parameters: {
      type: 'object',
      properties: { content: { type: 'string' } },
      required: ['content'],
    },
  },
} as const;

/** The text that marks message `n` of a run. */
export const marker = (n: number): string => `bench-${n}`;
const MARKERS = /bench-(\d+)/g;

/**
 * `quiet`: every reply is text with no tool call (a batch nobody addressed ends there). `send`: a
 * request that does not end in a tool result is answered with one `send_message` call, the next
 * with text, so an addressed thread posts once and ends.
 */
export type ModelScript = 'quiet' | 'send';

export interface InstantModel {
  /** Base URL for the openai SDK, ending in /v1. */
  readonly baseURL: string;
  /** When each marker number first arrived in a request (ms since the epoch). */
  readonly seen: Map<number, number>;
  readonly requests: number;
  close(): Promise<void>;
}

function completion(content: string | null, toolCall: boolean) {
  const calls = toolCall
    ? [{ id: 'call_1', type: 'function', function: { name: 'send_message', arguments: '{"content":"ack"}' } }]
    : undefined;
  return {
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'bench',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(calls ? { tool_calls: calls } : {}) },
        finish_reason: calls ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

/** Starts the model on 127.0.0.1 and a free port. */
export function startInstantModel(script: ModelScript): InstantModel {
  const seen = new Map<number, number>();
  let requests = 0;
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 0,
    async fetch(req) {
      const arrived = epochNow();
      const text = await req.text();
      requests += 1;
      for (const match of text.matchAll(MARKERS)) {
        const n = Number(match[1]);
        if (!seen.has(n)) seen.set(n, arrived);
      }
      const body = JSON.parse(text) as { messages?: Array<{ role?: string }> };
      const afterTool = body.messages?.at(-1)?.role === 'tool';
      return Response.json(
        completion(script === 'send' && !afterTool ? null : 'ok', script === 'send' && !afterTool),
      );
    },
  });
  return {
    baseURL: `http://127.0.0.1:${server.port}/v1`,
    seen,
    get requests() {
      return requests;
    },
    close: () => server.stop(true),
  };
}
