import type { ChatMessage } from '../../src/domain/message.ts';
import type { ChatCompletionTool } from '../../src/llm/chat-model.ts';

/** A tool call as the model wrote it; `arguments` is raw JSON text, validated by the executor. */
export interface ToolCallRequest {
  id: string;
  name: string;
  arguments: string;
}

/** What the executor knows about the thread a call comes from. */
export interface ToolRunContext {
  threadId: string;
  guildId: string;
  channelId: string;
  step: number;
  batch: ChatMessage[];
  signal: AbortSignal;
}

/** The outcome of one call; `content` is the JSON text handed back to the model. */
export interface ToolCallResult {
  callId: string;
  decision: 'allowed' | 'denied' | 'invalid';
  ok: boolean;
  content: string;
}

/** The part of src/tools the agent uses: the tool definitions and one way to run a call. */
export interface ToolExecutor {
  definitions(): ChatCompletionTool[];
  execute(ctx: ToolRunContext, call: ToolCallRequest): Promise<ToolCallResult>;
}
