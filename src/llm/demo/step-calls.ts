import type { ChatToolCall, ToolDefinition } from '../../domain/chat-turn.ts';
import type { PlannedCall } from './conversation.ts';

/**
 * Parameter names come from the tool's JSON schema when it has them, so the demo model keeps
 * working if a tool names its field `messageId` rather than `message_id`.
 */
function paramName(tool: ToolDefinition | undefined, candidates: string[]): string {
  const properties =
    (tool?.parameters as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return candidates.find((name) => name in properties) ?? (candidates[0] as string);
}

/** The tools on offer and the demo model's calls of one step, numbered as they are added. */
export class StepCalls {
  readonly calls: ChatToolCall[] = [];
  private readonly available: Map<string, ToolDefinition>;

  constructor(
    tools: ToolDefinition[],
    private readonly step: number,
  ) {
    this.available = new Map(tools.map((tool) => [tool.name, tool]));
  }

  /** With no tool list at all (a bare test request) every call is allowed. */
  offered(name: string): boolean {
    return this.available.size === 0 || this.available.has(name);
  }

  /** Adds `call` unless its tool is not offered; says whether it was added. */
  add(call: PlannedCall): boolean {
    if (!this.offered(call.name)) return false;
    this.calls.push({
      id: `demo_${this.step}_${this.calls.length + 1}`,
      name: call.name,
      arguments: JSON.stringify(call.args),
    });
    return true;
  }

  /** Arguments of a reply_to_message call, in that tool's own field names. */
  replyArgs(messageId: string, content: string): Record<string, unknown> {
    const tool = this.available.get('reply_to_message');
    return {
      [paramName(tool, ['message_id', 'messageId', 'reply_to_message_id'])]: messageId,
      [paramName(tool, ['content', 'text'])]: content,
    };
  }

  /** The field of tool `name` that is called one of `candidates` (the first when none is). */
  param(name: string, candidates: string[]): string {
    return paramName(this.available.get(name), candidates);
  }
}
