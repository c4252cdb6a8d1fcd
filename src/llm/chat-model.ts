import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';

export { isLlmError, type LlmAttempt, LlmError, type LlmErrorCode } from './errors.ts';
export type { ChatCompletionMessageParam, ChatCompletionTool };

/** One request to a chat model: the whole conversation so far and the tools it may call. */
export interface ChatRequest {
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionTool[];
  /** Longest this call may take, per attempt; the provider's default applies when absent. */
  timeoutMs?: number;
}

/** A tool call as the model wrote it. `arguments` is the raw JSON text, unparsed and unvalidated. */
export interface ChatToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Token counts reported by the provider (0 when it reports none). */
export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

/** The model's answer: text (never shown to anyone by Ery) and/or tool calls. */
export interface ChatResponse {
  content: string | null;
  toolCalls: ChatToolCall[];
  usage: ChatUsage;
  /** The model that actually answered (a fallback, or the provider's resolved id). */
  model: string;
}

/**
 * The `ChatModel` port: everything the agent needs from an LLM. Implementations: the openai SDK
 * provider (OpenRouter or any OpenAI-compatible URL) and the offline demo model. Failures are
 * thrown as {@link LlmError}; an aborted `signal` rejects promptly with `LLM_ABORTED`.
 */
export interface ChatModel {
  /** Human-readable name for logs and the inspector, e.g. `openrouter openai/gpt-4o-mini`. */
  readonly label: string;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
}
