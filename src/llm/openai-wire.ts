import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ChatTurn, ToolDefinition } from '../domain/chat-turn.ts';
import type { ChatRequest } from './chat-model.ts';
import { ToolsJson } from './tools-json.ts';

/*
 * Ery's request in the Chat Completions API's words, as the openai SDK sends it
 * (openai-provider.ts).
 */

/** Tells the SDK that a string body is JSON, to be sent as it is. */
export const JSON_BODY = { 'content-type': 'application/json' };

/**
 * The Chat Completions request body as JSON text, the same as the SDK's `JSON.stringify` of
 * `{ model, messages, tools }` would write: the turns serialised at each call, the tool schemas'
 * text written once (every request offers the same tools, and serialising them was most of the
 * SDK's work per request). An empty tools list is left out: some OpenAI-compatible servers reject it.
 */
export function requestBody(model: string, request: ChatRequest): string {
  const head: ChatCompletionCreateParamsNonStreaming = { model, messages: request.messages.map(wireTurn) };
  const text = JSON.stringify(head);
  if (request.tools.length === 0) return text;
  return `${text.slice(0, -1)},"tools":${wireTools.of(request.tools)}}`;
}

/** Ery's turn in the Chat Completions API's words. */
function wireTurn(turn: ChatTurn): ChatCompletionMessageParam {
  switch (turn.role) {
    case 'assistant':
      return {
        role: 'assistant',
        content: turn.content,
        ...(turn.toolCalls === undefined
          ? {}
          : {
              tool_calls: turn.toolCalls.map((call) => ({
                id: call.id,
                type: 'function' as const,
                function: { name: call.name, arguments: call.arguments },
              })),
            }),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: turn.toolCallId, content: turn.content };
    default:
      return turn;
  }
}

/** The tool definitions' JSON as Chat Completions function tools (see {@link ToolsJson}). */
const wireTools = new ToolsJson(wireTool);

/** Ery's tool definition as a Chat Completions function tool. */
function wireTool(tool: ToolDefinition): ChatCompletionTool {
  const { name, description, parameters } = tool;
  return {
    type: 'function',
    function: { name, ...(description === undefined ? {} : { description }), parameters },
  };
}
