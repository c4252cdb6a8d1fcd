import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
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
  const texts = seesImages ? turnTexts.seeing : turnTexts.blind;
  const messages = request.messages.map((turn) => {
    let text = texts.get(turn);
    if (text === undefined) {
      text = JSON.stringify(wireTurn(turn, seesImages));
      texts.set(turn, text);
    }
    return text;
  });
  // What JSON.stringify of `{ model, messages }` writes, the turns' texts put in as they are.
  const head = `{"model":${JSON.stringify(model)},"messages":[${messages.join(',')}]`;
  if (request.tools.length === 0) return `${head}}`;
  return `${head},"tools":${wireTools.of(request.tools)}}`;
}

/**
 * Each turn's JSON text, by turn object (for a model that sees images, and one that does not): a
 * thread sends the same system prompt, batch and earlier turns again with each request, only the
 * newest turns are new. Turns are never changed once made (a thread builds new ones), and are
 * held weakly, so they leave with their thread.
 */
const turnTexts = { seeing: new WeakMap<ChatTurn, string>(), blind: new WeakMap<ChatTurn, string>() };

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
