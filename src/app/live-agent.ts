import { createAgentThread } from '../../actors/agent-thread/index.ts';
import type { AgentThreadLogic } from '../../actors/channel-actor.ts';
import { type Clock, systemClock } from '../../actors/clock.ts';
import { createSqliteAuditSink } from '../db/audit-log.ts';
import type { EryDatabase } from '../db/client.ts';
import type { GuildPolicyStore } from '../db/guild-policy-store.ts';
import { createSqliteStepLog } from '../db/step-log.ts';
import type { DiscordActions } from '../discord/port.ts';
import type { ChatModel } from '../llm/chat-model.ts';
import type { Logger } from '../logger.ts';
import { createToolExecutor } from '../tools/executor.ts';
import { failureNotice } from './failure-notice.ts';

/**
 * The real `agentThread`: the model, the tool pipeline over Discord (authorised and audited), the
 * channel history, and the durable step log, all on Ery's database. While a thread runs, its channel
 * shows "Ery is typing…", repeated on `clock` (default the system clock).
 */
export function createLiveAgent(options: {
  db: EryDatabase;
  actions: DiscordActions;
  model: ChatModel;
  policies: GuildPolicyStore;
  logger: Logger;
  clock?: Clock;
}): AgentThreadLogic {
  const { db, actions, model, policies, logger } = options;
  const tools = createToolExecutor({
    actions,
    audit: createSqliteAuditSink(db),
    policyFor: (guildId) => policies.get(guildId),
    logger: logger.child({ part: 'tools' }),
  });
  return createAgentThread({
    model,
    tools,
    history: ({ channelId, before, limit }, signal) =>
      actions.fetchMessages({ channelId, before, limit }, signal),
    steps: createSqliteStepLog(db),
    rules: (guildId) => policies.get(guildId).rules,
    self: { id: actions.botUserId, name: 'Ery' },
    onFailure: failureNotice(actions),
    typing: {
      send: (input, signal) => actions.sendTyping(input, signal),
      clock: options.clock ?? systemClock,
    },
    logger: logger.child({ part: 'agent' }),
  });
}
