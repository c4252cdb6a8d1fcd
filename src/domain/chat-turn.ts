/**
 * Ery's own words for a conversation with a chat model, so no port leaks a vendor's types: the
 * openai adapter (src/llm/openai-provider.ts) converts them to the SDK's shapes and back.
 */

/** A tool call as the model wrote it. `arguments` is the raw JSON text, unparsed and unvalidated. */
export interface ChatToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * One turn of the conversation: the system prompt, a user message, the model's reply (its text
 * and the calls it made) or the result of one of those calls, paired by `toolCallId`.
 */
export type ChatTurn =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string; images?: ChatImage[] }
  | { role: 'assistant'; content: string | null; toolCalls?: ChatToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/**
 * An image shown to the model after a user turn's text (issue 12: images reach a vision model as
 * image parts). Only models that can see images get it (`LLM_VISION`); others read `name` in a note.
 */
export interface ChatImage {
  /** The file's name, as its message shows it. */
  name: string;
  /** `data:<type>;base64,…`: the bytes travel with the request, so no model server fetches from Discord. */
  dataUrl: string;
}

/** A tool offered to the model: its name, what it does, and its arguments as a JSON schema. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}
