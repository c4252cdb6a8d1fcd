import { AgentThreadError, createAgentThread } from '../../actors/agent-thread/index.ts';
import type { ModelCharge } from '../../actors/agent-thread/spend-gate.ts';
import type { AgentThreadDeps } from '../../actors/agent-thread/types.ts';
import { type AgentThreadLogic, asAgentThread } from '../../actors/channel-actor.ts';
import { type Clock, systemClock } from '../../actors/clock.ts';
import type { TimedOutThread } from '../../actors/supervisor/supervisor.types.ts';
import type { Budgets } from '../budgets/budgets.ts';
import { budgetAnnouncer } from '../budgets/notice.ts';
import { createSqliteAuditSink } from '../db/audit-log.ts';
import type { BudgetNoticeStore } from '../db/budget-notice-store.ts';
import type { EryDatabase } from '../db/client.ts';
import type { GuildPolicyStore } from '../db/guild-policy-store.ts';
import { createSqliteStepLog } from '../db/step-log.ts';
import type { DiscordActions } from '../discord/port.ts';
import { bufferedHistory, type HistoryRead } from '../history/buffered-history.ts';
import type { RecentMessages } from '../history/recent-messages.ts';
import type { ChatModel } from '../llm/chat-model.ts';
import type { Logger } from '../logger.ts';
import { createToolExecutor } from '../tools/executor.ts';
import type { ToolExecutor } from '../tools/tool-call.ts';
import { failureNotice } from './failure-notice.ts';
import { mirrorToModLog } from './mod-log/mirror-audit-sink.ts';
import type { ModLog } from './mod-log/mod-log-port.ts';
import { meteredAuditSink } from './ops-meters.ts';
import type { OpsMetrics } from './ops-metrics.ts';
import { retriedAuditSink, retriedStepLog } from './retried-stores.ts';
import type { StorageHealth } from './storage-health.ts';
import { typingAfterRequest } from './typing-after-request.ts';
import { WriteGroup } from './write-group.ts';

/** The live agent: the thread logic the channel machine runs, and what to do when it stops one. */
export interface LiveAgent {
  agentThread: AgentThreadLogic;
  /** The tool pipeline the threads call through; Ery's own actions (welcomes) use it too. */
  tools: ToolExecutor;
  /** Tells whoever addressed Ery that the thread the machine stopped at its deadline failed. */
  onThreadTimedOut: (thread: TimedOutThread) => Promise<void>;
  /**
   * A last try, before the database closes: writes the threads' queued steps, audit rows and token
   * usage now, and stops retrying what the database still refuses (lost with the process).
   */
  flush(): void;
}

/**
 * The real `agentThread`: the model, the tool pipeline over Discord (authorised and audited), the
 * channel history, and the durable step log, all on Ery's database. A failed thread and a thread
 * stopped at its deadline share one failure notice, sent at most once per thread. While a thread
 * runs, its channel shows "Ery is typing…", repeated on `clock` (default the system clock), asked
 * of Discord only once the thread's model request is out (see {@link typingAfterRequest}).
 */
export function createLiveAgent(options: {
  db: EryDatabase;
  actions: DiscordActions;
  model: ChatModel;
  policies: GuildPolicyStore;
  /** Where moderation actions and refusals are mirrored (each server's mod-log channel). */
  modLog?: ModLog;
  /** Where each server's persona is read, when a thread starts. */
  persona?: (guildId: string) => string;
  logger: Logger;
  clock?: Clock;
  /** Counts every audited tool call by tool and decision. */
  metrics?: OpsMetrics;
  /**
   * The recent-message buffer channel history is read from; Discord is asked only to fill it
   * (issue 10). Without it every thread reads its history over REST.
   */
  recentMessages?: RecentMessages;
  /** Reads the batch's attachments for the model (issue 12 §2); without it files are only described. */
  attachments?: AgentThreadDeps['attachments'];
  /**
   * Told of every refused write of the step log and the audit log, which then wait in memory and
   * are retried (./retried-stores.ts): a full or read-only disk never fails a thread.
   */
  storage?: StorageHealth;
  /**
   * Spend caps (issue 11 §6): asked before each model call, charged after each; their notices are
   * posted through `actions`. Without them threads are unmetered.
   */
  budgets?: { gate: Budgets; notices: BudgetNoticeStore };
  /**
   * Ery's own user id for the threads' context, which may wait (see ./bot-identity.ts: threads
   * resume before Discord is ready); default `actions.botUserId`, known once Discord is ready.
   */
  selfId?: (signal: AbortSignal) => string | Promise<string>;
  /** Awaited before each tool call is authorised (see `ToolExecutorDeps.ready`). */
  discordReady?: (signal: AbortSignal) => Promise<void>;
}): LiveAgent {
  const { db, actions, model, policies, logger } = options;
  // A thread's step, the charge of its reply and the audit row of its call share one transaction (./write-group.ts).
  const writes = new WriteGroup(db, { health: options.storage, logger: logger.child({ part: 'storage' }) });
  const steps = retriedStepLog(createSqliteStepLog(db), writes);
  const notice = failureNotice(actions, steps);
  const stored = retriedAuditSink(createSqliteAuditSink(db), writes);
  const audit = options.modLog
    ? mirrorToModLog(stored, options.modLog, logger.child({ part: 'modlog' }))
    : stored;
  const fromDiscord: HistoryRead = ({ channelId, before, limit }, signal) =>
    actions.fetchMessages({ channelId, before, limit }, signal);
  const tools = createToolExecutor({
    actions,
    audit: options.metrics ? meteredAuditSink(audit, options.metrics) : audit,
    policyFor: (guildId) => policies.get(guildId),
    logger: logger.child({ part: 'tools' }),
    ...(options.discordReady ? { ready: options.discordReady } : {}),
  });
  // One clock for the machine's deadline, the thread's own backstop and the typing repeats.
  const clock = options.clock ?? systemClock;
  const budgets = options.budgets;
  // Not kept when the database refuses it: the thread logs the charge as failed, as ungrouped.
  const usage = writes.lane<{ call: ModelCharge; at: number }>({
    store: null,
    due: 'turn',
    write: (rows) => {
      for (const { call, at } of rows) budgets?.gate.charge(call, at);
    },
  });
  const agentThread = createAgentThread({
    model,
    tools,
    history: options.recentMessages ? bufferedHistory(options.recentMessages, fromDiscord) : fromDiscord,
    steps,
    rules: (guildId) => policies.get(guildId).rules,
    ...(options.attachments ? { attachments: options.attachments } : {}),
    ...(options.persona ? { persona: options.persona } : {}),
    // Asked when a thread runs: the agent is built before Discord logs in.
    self: { id: options.selfId ?? (() => actions.botUserId), name: 'Ery' },
    onFailure: notice,
    ...(budgets
      ? {
          spend: {
            check: (request) => {
              // Usage still queued counts: it is written first.
              writes.flush();
              return budgets.gate.check(request);
            },
            // Charged when the reply arrived, written with the step that records it.
            charge: (call) => usage.push({ call, at: clock.now() }),
            announce: budgetAnnouncer({
              actions,
              notices: budgets.notices,
              now: () => clock.now(),
              logger: logger.child({ part: 'budgets' }),
            }),
          },
        }
      : {}),
    clock,
    typing: { send: typingAfterRequest((input, signal) => actions.sendTyping(input, signal)), clock },
    logger: logger.child({ part: 'agent' }),
  });
  return {
    agentThread: asAgentThread(agentThread),
    tools,
    onThreadTimedOut: (thread) =>
      notice(
        thread,
        new AgentThreadError(
          'THREAD_DEADLINE',
          thread.threadId,
          `thread ${thread.threadId} passed its deadline`,
        ),
      ),
    flush: () => {
      writes.flush();
      writes.close();
    },
  };
}
