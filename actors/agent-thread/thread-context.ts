import type { HistoryMessage } from '../../src/discord/port.ts';
import type { ChatTurn, ToolDefinition } from '../../src/domain/chat-turn.ts';
import { buildContext } from '../../src/llm/context.ts';
import { buildSystemPrompt } from '../../src/llm/prompt.ts';
import type { Logger } from '../../src/logger.ts';
import { systemClock } from '../clock.ts';
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
): Promise<ChatTurn[]> {
  const oldest = [...input.messages].sort((a, b) => a.createdAt - b.createdAt)[0];
  let history: HistoryMessage[] = [];
  if (oldest) {
    const limit = deps.historyLimit ?? AGENT_DEFAULTS.historyLimit;
    try {
      history = await deps.history({ channelId: input.channelId, before: oldest.id, limit }, signal);
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
  const built = buildContext({
    system,
    history,
    batch: input.messages,
    tools,
    selfId: deps.self?.id,
    budget: deps.budget,
  });
  if (built.historyDropped > 0) {
    log.debug({ event: 'agent.context.trimmed', dropped: built.historyDropped, kept: built.historyKept });
  }
  return built.messages;
}
