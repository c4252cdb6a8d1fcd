import type { HistoryMessage } from '../../src/discord/port.ts';
import type { ChatTurn, ToolDefinition } from '../../src/domain/chat-turn.ts';
import { buildContext } from '../../src/llm/context.ts';
import { buildSystemPrompt } from '../../src/llm/prompt.ts';
import type { Logger } from '../../src/logger.ts';
import { systemClock } from '../clock.ts';
import { readAttachments } from './attachments.ts';
import { AGENT_DEFAULTS } from './defaults.ts';
import type { AgentThreadDeps, AgentThreadInput } from './types.ts';

/**
 * The conversation a thread starts from: system prompt with the server's rules, recent history
 * before the batch, then the batch itself. History that cannot be read is left out, not fatal.
 */
export async function threadContext(
  deps: AgentThreadDeps,
  input: AgentThreadInput,
  tools: ToolDefinition[],
  signal: AbortSignal,
  log: Logger,
  /** Ids of messages the thread leaves out (a spent member's): not given as history either. */
  omitted: ReadonlySet<string> = new Set(),
): Promise<ChatTurn[]> {
  const oldest = [...input.messages].sort((a, b) => a.createdAt - b.createdAt)[0];
  let history: HistoryMessage[] = [];
  if (oldest) {
    const limit = deps.historyLimit ?? AGENT_DEFAULTS.historyLimit;
    try {
      history = await deps.history({ channelId: input.channelId, before: oldest.id, limit }, signal);
      if (omitted.size > 0) history = history.filter((message) => !omitted.has(message.id));
    } catch (error) {
      if (signal.aborted) throw error;
      // History is context, not essential: the batch alone is still worth acting on.
      log.warn(
        { event: 'agent.history.failed', err: error },
        'could not read channel history; going on without it',
      );
    }
  }
  const system = buildSystemPrompt({
    guildId: input.guildId,
    channelId: input.channelId,
    rules: (await deps.rules?.(input.guildId)) ?? '',
    persona: (await deps.persona?.(input.guildId)) ?? '',
    botName: deps.self?.name,
    now: (deps.clock ?? systemClock).now(),
  });
  const read = deps.attachments
    ? await readAttachments(input.messages, deps.attachments.reader, {
        seeImages: deps.attachments.seeImages,
        signal,
        log,
      })
    : { messages: input.messages, images: [] };
  const built = buildContext({
    system,
    history,
    batch: read.messages,
    tools,
    selfId: await deps.self?.id(signal),
    budget: deps.budget,
  });
  if (built.historyDropped > 0) {
    log.debug({ event: 'agent.context.trimmed', dropped: built.historyDropped, kept: built.historyKept });
  }
  if (read.images.length === 0) return built.messages;
  // The images follow the batch's text, in the same turn, in the order their messages name them.
  const last = built.messages.at(-1);
  if (last?.role === 'user') built.messages[built.messages.length - 1] = { ...last, images: read.images };
  return built.messages;
}
