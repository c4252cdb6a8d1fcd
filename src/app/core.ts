import type { AgentThreadLogic } from '../../actors/channel-actor.ts';
import { type Clock, systemClock } from '../../actors/clock.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import type { SupervisorOptions } from '../../actors/supervisor/supervisor.types.ts';
import { Budgets } from '../budgets/budgets.ts';
import { BudgetLimitStore } from '../db/budget-limit-store.ts';
import { BudgetNoticeStore } from '../db/budget-notice-store.ts';
import { createChannelHistory } from '../db/channel-history.ts';
import { createSqliteSnapshotStore } from '../db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../db/client.ts';
import { ConfigStore } from '../db/config-store.ts';
import { forgetGuilds } from '../db/forget-guilds.ts';
import { GuildPolicyStore } from '../db/guild-policy-store.ts';
import { createSqliteRecentMessageStore } from '../db/recent-message-store.ts';
import { ServerSettingsStore } from '../db/server-settings-store.ts';
import { TokenUsageStore } from '../db/token-usage-store.ts';
import { settingsFromEnv } from '../domain/channel-settings.ts';
import type { Env } from '../domain/config.ts';
import type { BufferChange } from '../history/recent-message-store.ts';
import { RecentMessages } from '../history/recent-messages.ts';
import { connectStatelySink } from '../inspector/stately-sink.ts';
import type { Logger } from '../logger.ts';
import type { BudgetAdmin } from './budget-admin.ts';
import { InspectionHub } from './inspection-hub.ts';
import { LifecycleHistory } from './lifecycle-history.ts';
import { MemoryReclaim } from './memory-reclaim.ts';
import type { ActorHistory } from './ops-actor-detail.ts';
import type { OpsMetrics } from './ops-metrics.ts';
import { RecentlyReaped } from './recently-reaped.ts';
import { Retention } from './retention.ts';
import { StorageHealth, type WriteFault } from './storage-health.ts';
import { WatchedStore } from './watched-store.ts';
import { WriteGroup } from './write-group.ts';

/** A write of the recent-message buffers: one flush's changes, or forgetting them all. */
type HistoryWrite = readonly BufferChange[] | typeof CLEAR;
const CLEAR = 'clear' as const;

/** Ery's core, without any Discord connection: database, config layers and the supervisor. */
export interface EryCore {
  db: EryDatabase;
  config: ConfigStore;
  policies: GuildPolicyStore;
  /** Spend caps as admins see them: limits and usage reports (issue 11 §6). */
  budgets: BudgetAdmin;
  /** Each server's persona, answered channels, mention-only mode and mod-log channel. */
  serverSettings: ServerSettingsStore;
  supervisor: Supervisor;
  /**
   * Live inspection events of every channel actor and of the supervisor's lifecycle, always fed:
   * with nobody listening each event costs one size check (the inspector subscribes on demand).
   */
  inspection: InspectionHub;
  /** What was persisted of each channel: its row, event log and threads (for `/api/actors/:id`). */
  history: ActorHistory;
  /** The supervisor lifecycle's transitions since start-up, for the inspector. */
  lifecycle: LifecycleHistory;
  /** The channels reaped most recently (bounded), for the inspector's overview. */
  reaped: RecentlyReaped;
  /**
   * Each channel's recent messages as the gateway delivered them: the Discord connection feeds it,
   * the agent reads channel history from it (issue 10). Written to the database once per tick.
   */
  recentMessages: RecentMessages;
  /** Whether each store takes writes (snapshots, steps, audit, history), for `/healthz`. */
  storage: StorageHealth;
  /** Why a store takes no writes now, or null when every one does (`StorageHealth.fault`, for `/healthz`). */
  writeFault(): WriteFault | null;
  /**
   * Resumes every channel that was busy when Ery last stopped; returns how many. Call it once,
   * before any message is received. The agent's Discord connection need not be logged in yet: its
   * actions wait for the login (src/discord/actions-when-ready.ts).
   */
  resume(): number;
  /** Prunes old logs now (`ERY_RETENTION_DAYS`); it also runs at {@link resume} and hourly. */
  retention: Retention;
  /** Flushes every pending write, stops every actor and closes the database. */
  stop(): void;
}

/** The agent the supervisor runs, and what it does when the machine stops a thread at its deadline. */
export interface CoreAgent {
  agentThread: AgentThreadLogic;
  onThreadTimedOut?: SupervisorOptions['onThreadTimedOut'];
  /** Writes what the agent still queues for the database; called at stop, before it closes. */
  flush?: () => void;
}

/**
 * The composition root of the core: opens (and migrates) the database, loads config overrides and
 * builds the supervisor. Nothing runs until {@link EryCore.resume}: the agent may be built on a
 * Discord connection that has not logged in yet.
 */
export function createCore(options: {
  env: Env;
  logger: Logger;
  /**
   * Builds the agent on the core's database: the thread logic, and optionally what to do when the
   * channel machine stops a thread at its deadline.
   */
  agent: (parts: {
    db: EryDatabase;
    policies: GuildPolicyStore;
    serverSettings: ServerSettingsStore;
    clock: Clock;
    recentMessages: RecentMessages;
    /** Where the agent's stores report refused writes. */
    storage: StorageHealth;
    /** Spend caps: the thread asks them before each model call and charges each call. */
    budgets: { gate: Budgets; notices: BudgetNoticeStore };
  }) => CoreAgent;
  clock?: Clock;
  /**
   * Servers whose stored channels, threads and execution logs are deleted before anything resumes:
   * the playground's servers when it starts again from its seed (see src/db/forget-guilds.ts).
   */
  forgetGuildIds?: readonly string[];
  /** Fed with snapshot write times and thread starts and durations (see ./watched-store.ts). */
  metrics?: OpsMetrics;
}): EryCore {
  const { env, logger } = options;
  const db = openDatabase(env.ERY_DB_PATH);
  if (options.forgetGuildIds?.length) {
    const forgotten = forgetGuilds(db, options.forgetGuildIds);
    // Said only when something was there: a first start has nothing to discard.
    const discarded = Object.values(forgotten).some((count) => Number(count) > 0);
    logger[discarded ? 'info' : 'debug'](
      { guildIds: options.forgetGuildIds, ...forgotten },
      'discarded stored channel state of servers that start afresh',
    );
  }
  const inspection = new InspectionHub();
  // Tapped before the supervisor exists, so the sink sees its lifecycle actor start.
  const sink = env.ERY_INSPECT.sink
    ? connectStatelySink(inspection, env.ERY_INSPECT.sink, logger.child({ part: 'inspect' }))
    : null;
  const config = new ConfigStore(db, settingsFromEnv(env), logger.child({ part: 'config' }));
  const policies = new GuildPolicyStore(db, logger.child({ part: 'policy' }));
  const storage = new StorageHealth(options.metrics);
  const recentStore = createSqliteRecentMessageStore(db, logger.child({ part: 'history' }));
  // Every flush of the buffers, and every clear, goes through one write lane: refused, they wait
  // in memory and are applied in order, with backoff, when the database takes writes again (each
  // is an upsert, delete or clear: applying them again from the first gives the same rows).
  const historyGroup = new WriteGroup(db, { health: storage, logger: logger.child({ part: 'history' }) });
  const historyWrites = historyGroup.lane<HistoryWrite>({
    store: 'history',
    due: 'now',
    write: (items) => {
      for (const item of items) {
        if (item === CLEAR) recentStore.clear();
        else recentStore.write(item);
      }
    },
  });
  const serverSettings = new ServerSettingsStore(db, logger.child({ part: 'server-settings' }));
  let flushing: ReturnType<typeof setImmediate> | null = null;
  const flushRecent = (): void => {
    flushing = null;
    recentMessages.flush();
  };
  const recentMessages = new RecentMessages({
    store: {
      // A stored buffer a clear still waits to forget is not to be trusted: Discord fills it.
      load: (channelId) => (historyWrites.pending.includes(CLEAR) ? null : recentStore.load(channelId)),
      write: (changes) => void historyWrites.push(changes),
      clear: () => void historyWrites.push(CLEAR),
    },
    // Once per tick: every message of a burst in one transaction.
    onDirty: () => {
      flushing ??= setImmediate(flushRecent);
    },
  });
  const clock = options.clock ?? systemClock;
  const budgets = new Budgets({
    usage: new TokenUsageStore(db),
    limits: new BudgetLimitStore(db),
    defaults: {
      guildTokensPerDay: env.ERY_BUDGET_GUILD_TOKENS_PER_DAY,
      memberTokensPerHour: env.ERY_BUDGET_MEMBER_TOKENS_PER_HOUR,
    },
    now: () => clock.now(),
  });
  const agent = options.agent({
    db,
    policies,
    clock,
    recentMessages,
    storage,
    budgets: { gate: budgets, notices: new BudgetNoticeStore(db) },
    serverSettings,
  });
  const history = createChannelHistory(db);
  const reaped = new RecentlyReaped((limit) => history.reaped(limit));
  const store = new WatchedStore(
    createSqliteSnapshotStore(db),
    options.metrics,
    reaped,
    storage,
    clock.now(),
  );
  const lifecycle = new LifecycleHistory(() => clock.now());
  const reclaim = new MemoryReclaim(clock, logger.child({ part: 'memory' }));
  const supervisor = new Supervisor({
    store,
    agentThread: agent.agentThread,
    ...(agent.onThreadTimedOut ? { onThreadTimedOut: agent.onThreadTimedOut } : {}),
    limits: { maxRunning: env.ERY_MAX_RUNNING, maxRunningPerGuild: env.ERY_MAX_RUNNING_PER_GUILD },
    settingsFor: (guildId, channelId) => config.resolve(guildId, channelId),
    logger: logger.child({ part: 'supervisor' }),
    inspect: (channelId, event) => inspection.publish(channelId, event),
    inspectLifecycle: (event) => {
      lifecycle.observe(event);
      inspection.publishSupervisor(event);
    },
    onPassivated: (count) => reclaim.passivated(count),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.metrics ? { faults: options.metrics.supervisorFaults() } : {}),
  });
  const retention = new Retention(db, env.ERY_RETENTION_DAYS, clock, logger.child({ part: 'retention' }));
  let stopped = false;
  return {
    db,
    config,
    policies,
    budgets,
    serverSettings,
    supervisor,
    inspection,
    history,
    lifecycle,
    reaped,
    recentMessages,
    retention,
    storage,
    writeFault: () => storage.fault(),
    resume: () => {
      const resumed = supervisor.start();
      retention.start();
      return resumed;
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      // A prune under way stops at its next batch, before the database closes below.
      void retention.stop();
      supervisor.stop();
      reclaim.stop();
      if (flushing) clearImmediate(flushing);
      flushRecent();
      // A last try for what a refusing database kept waiting; what it still refuses is lost with the process.
      historyGroup.flush();
      historyGroup.close();
      agent.flush?.();
      sink?.stop();
      db.$client.close();
    },
  };
}
