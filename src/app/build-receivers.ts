import { type Clock, systemClock } from '../../actors/clock.ts';
import { createSqliteCatchUpSources } from '../db/catch-up-sources.ts';
import { MemberJoinStore } from '../db/member-join-store.ts';
import type { DiscordConnection } from '../discord/index.ts';
import type { Env } from '../domain/config.ts';
import type { Logger } from '../logger.ts';
import type { ToolExecutor } from '../tools/tool-call.ts';
import { AutoThreader } from './auto-thread.ts';
import { CatchUpRunner } from './catch-up-runner.ts';
import type { EryCore } from './core.ts';
import type { Receivers } from './discord-receivers.ts';
import type { ModLog } from './mod-log/mod-log-port.ts';
import { budgetFromCaps } from './slash/budget-from-caps.ts';
import { createSlashHandler } from './slash/slash-handler.ts';
import { Welcomer } from './welcome/welcomer.ts';

/** What {@link buildReceivers} builds on. */
export interface ReceiverParts {
  env: Env;
  logger: Logger;
  core: EryCore;
  discord: DiscordConnection;
  modLog: ModLog;
  /** The core's clock, as the agent's timers use; the system clock when absent. */
  clock?: Clock;
  /** The agent's tool pipeline, read once a member joins (welcomes are sent through it, issue 12 §1). */
  tools: () => ToolExecutor;
}

/**
 * The parts that take Discord events beside the supervisor: the welcomer (member joins), the
 * `/ery` handler, the auto-threader and catch-up. Built after the core and the connection, on
 * their stores and actions; wired to the connection by `discordReceivers`.
 */
export function buildReceivers(parts: ReceiverParts): Receivers {
  const { env, logger, core, discord, modLog } = parts;
  const welcomer = new Welcomer({
    policyFor: (guildId) => core.policies.get(guildId),
    joins: new MemberJoinStore(core.db),
    clock: parts.clock ?? systemClock,
    tools: parts.tools,
    toChannel: (message) => core.supervisor.send({ type: 'member.joined', message }),
    serverOf: async (channelId) => {
      const { guildId } = await discord.actions.getChannel({ channelId });
      return guildId || null;
    },
    modLog,
    logger: logger.child({ part: 'welcome' }),
  });
  const slash = createSlashHandler({
    config: core.config,
    supervisor: core.supervisor,
    policies: core.policies,
    serverSettings: core.serverSettings,
    budget: budgetFromCaps(core.budgets),
    budgets: core.budgets,
    logger: logger.child({ part: 'slash' }),
  });
  // Busy channels get a thread per conversation with Ery when a server's policy asks (issue 12 §4).
  const autoThreads = new AutoThreader({
    policyFor: (guildId) => core.policies.get(guildId),
    actions: discord.actions,
    logger: logger.child({ part: 'auto-thread' }),
  });
  const catchUpRunner = new CatchUpRunner(
    {
      sources: createSqliteCatchUpSources(core.db),
      discord,
      maxMessages: env.ERY_CATCHUP_MAX_MESSAGES,
      maxAgeMs: env.ERY_CATCHUP_MAX_AGE_MS,
      now: () => Date.now(),
      logger: logger.child({ part: 'catchup' }),
    },
    logger,
  );
  return {
    core,
    welcomer,
    slash,
    autoThreads,
    catchUpRunner,
    parentOf: (channelId) => discord.parentOf(channelId),
  };
}
