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
export function requestBody(model: string, request: ChatRequest, seesImages = false): string {
  const head: ChatCompletionCreateParamsNonStreaming = {
    model,
    messages: request.messages.map((turn) => wireTurn(turn, seesImages)),
  };
  const text = JSON.stringify(head);
  if (request.tools.length === 0) return text;
  return `${text.slice(0, -1)},"tools":${wireTools.of(request.tools)}}`;
}

/**
 * Ery's turn in the Chat Completions API's words. A user turn's images become `image_url` parts
 * after its text for a model that sees images, and a note naming them for one that does not (an
 * image part sent to a text-only model is a 400 on most servers, and would end the thread).
 */
function wireTurn(turn: ChatTurn, seesImages: boolean): ChatCompletionMessageParam {
  switch (turn.role) {
    case 'user': {
      const images = turn.images ?? [];
      if (images.length === 0) return { role: 'user', content: turn.content };
      if (!seesImages) {
        const names = images.map((image) => JSON.stringify(image.name)).join(', ');
        return {
          role: 'user',
          content: `${turn.content}\n(Images not shown, as this model cannot see images: ${names}.)`,
        };
      }
      return {
        role: 'user',
        content: [
          { type: 'text', text: turn.content },
          ...images.map((image) => ({ type: 'image_url' as const, image_url: { url: image.dataUrl } })),
        ],
      };
    }
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
