import type { ChatTurn } from '../../src/domain/chat-turn.ts';
import type { ChatResponse } from '../../src/llm/chat-model.ts';
import { recoverTextualToolCalls } from '../../src/llm/textual-tool-calls.ts';
import type { Logger } from '../../src/logger.ts';
import { TOOLS } from '../../src/tools/registry.ts';
import type { ToolCallResult } from './tool-port.ts';
import type { AgentThreadInput } from './types.ts';

/**
 * Tools whose success puts something in front of the person who addressed Ery: a message or a
 * reaction (issue 7 §4: "a turn that addressed Ery produced no message or reaction").
 */
const SPEAKING_TOOLS = new Set(['send_message', 'reply_to_message', 'add_reaction']);

/** True when a call's result means a message or a reaction reached the channel. */
export function spoke(name: string, result: ToolCallResult): boolean {
  return SPEAKING_TOOLS.has(name) && result.decision === 'allowed' && result.ok;
}

/** Moderation tools: their success changes the server even when nothing is posted. */
const ACTING_TOOLS = new Set(TOOLS.filter((tool) => tool.category === 'moderation').map((tool) => tool.name));

/**
 * True when a call carried out a moderation action. A thread that acted but never said so is not a
 * failure: a failure notice after a ban that happened would tell the requester something false.
 */
export function acted(name: string, result: ToolCallResult): boolean {
  return ACTING_TOOLS.has(name) && result.decision === 'allowed' && result.ok;
}

/**
 * The newest message of the batch that addressed Ery (mentions Ery or Ery's role, or replies to
 * Ery; see `ChatMessage.mentionsBot`), or undefined when nobody did: then silence is normal.
 */
export function addressingMessage(input: Pick<AgentThreadInput, 'messages'>) {
  return input.messages.filter((message) => message.mentionsBot).at(-1);
}

/**
 * What the model is told once when a turn addressed to Ery ended with no tool call. A user turn,
 * not a system one: several chat templates (Qwen's among them) reject a system turn after the first.
 */
export const SILENCE_NUDGE =
  '[Ery runtime] Your last turn called no tool, so nobody saw it: text you write is never posted. ' +
  'You were addressed. Call send_message or reply_to_message now (or add_reaction).';

/** The turns that answer a silent reply: what the model wrote (if anything), then the nudge. */
export function nudgeTurns(reply: ChatResponse): ChatTurn[] {
  const said: ChatTurn[] = reply.content ? [{ role: 'assistant', content: reply.content }] : [];
  return [...said, { role: 'user', content: SILENCE_NUDGE }];
}

/**
 * A reply with no tool calls whose text holds calls in a known textual format (see
 * `recoverTextualToolCalls`) becomes a reply with those calls; any other reply is returned as is.
 */
export function withRecoveredCalls(
  reply: ChatResponse,
  tools: ReadonlySet<string>,
  log: Logger,
  step: number,
): ChatResponse {
  if (reply.toolCalls.length > 0 || !reply.content) return reply;
  const recovered = recoverTextualToolCalls(reply.content, tools);
  if (recovered.length === 0) return reply;
  log.info(
    { event: 'agent.tool_calls.recovered', step, tools: recovered.map((call) => call.name) },
    'model wrote its tool calls as text; running them as calls',
  );
  return { ...reply, content: null, toolCalls: recovered };
}
