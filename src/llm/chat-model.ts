import type { ChatToolCall, ChatTurn, ToolDefinition } from '../domain/chat-turn.ts';

export { type LlmAttempt, LlmError, type LlmErrorCode } from './errors.ts';

/** One request to a chat model: the whole conversation so far and the tools it may call. */
export interface ChatRequest {
  messages: ChatTurn[];
  tools: ToolDefinition[];
  /** Longest this call may take, per attempt; the provider's default applies when absent. */
  timeoutMs?: number;
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
