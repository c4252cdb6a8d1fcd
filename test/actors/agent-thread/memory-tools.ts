import type {
  ToolCallRequest,
  ToolCallResult,
  ToolExecutor,
  ToolRunContext,
} from '../../../actors/agent-thread/tool-port.ts';
import type { ToolDefinition } from '../../../src/domain/chat-turn.ts';
import type { ChatMessage } from '../../../src/domain/message.ts';

/** One call the in-memory executor ran, with what it saw. */
export interface ExecutedCall {
  ctx: Omit<ToolRunContext, 'signal'>;
  call: ToolCallRequest;
}

const def = (name: string, properties: string[]): ToolDefinition => ({
  name,
  description: `test tool ${name}`,
  parameters: {
    type: 'object',
    properties: Object.fromEntries(properties.map((property) => [property, { type: 'string' }])),
    required: properties,
  },
});

/**
 * A tiny ToolExecutor for agent tests (our own port, not discord.js): three tools that record each
 * call. Unknown tools and arguments that are not JSON are answered `invalid`, like the real one.
 * `onExecute` runs after a call is recorded, e.g. to simulate a crash by aborting the thread.
 */
export function memoryTools(
  options: {
    onExecute?: (call: ToolCallRequest, count: number) => void;
    /** More tools by name, each taking a `user_id` (e.g. `ban_member`). */
    extra?: string[];
  } = {},
) {
  const executed: ExecutedCall[] = [];
  /** Calls the agent skipped, with the reason it gave. */
  const skipped: Array<{ call: ToolCallRequest; reason: string }> = [];
  const definitions = [
    def('send_message', ['content']),
    def('reply_to_message', ['message_id', 'content']),
    def('add_reaction', ['message_id', 'emoji']),
    ...(options.extra ?? []).map((name) => def(name, ['user_id'])),
  ];
  const names = new Set(definitions.map((tool) => tool.name));
  const executor: ToolExecutor = {
    definitions: () => definitions,
    skip(_ctx, call, reason) {
      skipped.push({ call, reason });
      return { callId: call.id, decision: 'denied', ok: false, content: JSON.stringify({ skipped: reason }) };
    },
    async execute(ctx, call): Promise<ToolCallResult> {
      const { signal: _signal, ...rest } = ctx;
      if (!names.has(call.name)) {
        return {
          callId: call.id,
          decision: 'invalid',
          ok: false,
          content: `{"error":"unknown tool ${call.name}"}`,
        };
      }
      try {
        JSON.parse(call.arguments);
      } catch {
        return {
          callId: call.id,
          decision: 'invalid',
          ok: false,
          content: '{"error":"arguments are not JSON"}',
        };
      }
      executed.push({ ctx: rest, call });
      options.onExecute?.(call, executed.length);
      return {
        callId: call.id,
        decision: 'allowed',
        ok: true,
        content: JSON.stringify({ ok: true, tool: call.name, n: executed.length }),
      };
    },
  };
  return { executor, executed, skipped };
}

let counter = 0;
/** A valid ChatMessage for tests. */
export function chatMessage(content: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  counter += 1;
  return {
    id: String(900_000 + counter),
    channelId: '200',
    guildId: '100',
    author: { id: '42', name: 'Alice', bot: false },
    content,
    mentions: { users: [], roles: [], everyone: false },
    replyToId: null,
    mentionsBot: false,
    createdAt: 1_700_000_000_000 + counter * 1000,
    ...extra,
  };
}
