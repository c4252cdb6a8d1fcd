import { type Clock, systemClock } from '../../actors/clock.ts';
import { createSqliteCatchUpSources } from '../db/catch-up-sources.ts';
import { claimDatabase } from '../db/database-lock.ts';
import { MemberJoinStore } from '../db/member-join-store.ts';
import { createAttachmentReader } from '../discord/attachment-reader.ts';
import { createDiscordConnection, type DiscordConnection } from '../discord/index.ts';
import type { Env } from '../domain/config.ts';
import { admitsMessage } from '../domain/server-settings.ts';
import { createInspectorHandler } from '../inspector/index.ts';
import type { ChatModel } from '../llm/chat-model.ts';
import { CONFIGURE_HINT, DemoChatModel } from '../llm/demo-model.ts';
import { createChatModel } from '../llm/select-model.ts';
import type { Logger } from '../logger.ts';
import {
  openSqlitePlaygroundStorage,
  type Playground,
  playgroundPathFor,
  startPlayground,
} from '../playground/index.ts';
import { mountWebChat } from '../playground/web/index.ts';
import type { ToolExecutor } from '../tools/tool-call.ts';
import { AutoThreader } from './auto-thread.ts';
import { CatchUpRunner } from './catch-up-runner.ts';
import { createCore, type EryCore } from './core.ts';
import { listenOn } from './listen.ts';
import { createLiveAgent } from './live-agent.ts';
import { meteredChatModel } from './ops-meters.ts';
import { OpsMetrics } from './ops-metrics.ts';
import { type OpsServer, startOpsServer } from './ops-server.ts';
import { budgetFromCaps } from './slash/budget-from-caps.ts';
import { createSlashHandler } from './slash/slash-handler.ts';
import { Welcomer } from './welcome/welcomer.ts';

/** A running Ery: its core, its Discord connection, and the playground when it runs one. */
export interface RunningEry {
  core: EryCore;
  discord: DiscordConnection;
  ops: OpsServer | null;
  playground: Playground | null;
  model: ChatModel;
  /** The metrics `/metrics` exposes, fed by every part (see ./ops-metrics.ts). */
  metrics: OpsMetrics;
  /** Stops everything in order; persisted state is flushed first. Safe to call twice. */
  stop(): Promise<void>;
}

export interface RunOptions {
  env: Env;
  logger: Logger;
  /** Run against a local playground instead of Discord (the default when there is no token). */
  playground?: boolean;
  /** Connect to this Discord-compatible server instead (tests, or a playground run elsewhere). */
  target?: { apiUrl: string; token: string };
  /** Serve the ops HTTP server (default true). */
  ops?: boolean;
  /** The model threads think with (default: chosen from the env by `createChatModel`). */
  model?: ChatModel;
  /**
   * Start the playground from its seed: its saved world is emptied, and Ery's stored channels and
   * threads in its servers are discarded with it, so nothing resumes into a channel that is gone.
   */
  fresh?: boolean;
  /**
   * Ery's clock (default the system clock): channel timers, thread deadlines and the spend caps'
   * windows follow it. Tests move it to see a budget refill without waiting.
   */
  clock?: Clock;
  /** Aborts start-up: a login in progress is given up and everything started so far is stopped. */
  signal?: AbortSignal;
}

/**
 * Starts Ery: claims `ERY_DB_PATH` (one Ery per database), then the playground if asked (or if
 * there is no `DISCORD_TOKEN`), builds the Discord connection (the real discord.js client) and the
 * core on its actions, logs in, and resumes busy channels. Messages are fed to the core from the
 * login on, so none arrives before it exists. `stop()` releases the database last.
 *
 * @throws {DatabasePathError} / {DatabaseInUseError} before anything connects (see `claimDatabase`).
 */
export async function runEry(options: RunOptions): Promise<RunningEry> {
  // Before anything connects or binds: a bad ERY_DB_PATH, or another Ery on it, stops start-up here.
  const claim = claimDatabase(options.env.ERY_DB_PATH);
  try {
    const ery = await startParts(options, claim.databasePath);
    return {
      ...ery,
      stop: async () => {
        await ery.stop();
        claim.release();
      },
    };
  } catch (error) {
    claim.release();
    throw error;
  }
}

/** `databasePath`: the claimed database file, symlinks followed; the playground's file is named after it. */
async function startParts(options: RunOptions, databasePath: string): Promise<RunningEry> {
  const { env, logger } = options;
  const usePlayground = !options.target && (options.playground ?? !env.DISCORD_TOKEN);
  const model = options.model ?? createChatModel(env, logger.child({ part: 'llm' }));
  const metrics = new OpsMetrics();
  // Known once the ops server is bound (below); until then the chat page shows no inspector link.
  let inspectorUrl: string | null = null;
  // The chat page says plainly when no AI is connected: the demo model is never presented as one.
  const chat = mountWebChat({
    title: 'Ery Playground',
    banner: () =>
      model instanceof DemoChatModel ? `Offline demo model — not an AI. ${CONFIGURE_HINT}` : null,
    inspectorUrl: () => inspectorUrl,
  });
  const playground = usePlayground
    ? await listenOn({ port: { variable: 'ERY_PLAYGROUND_PORT', value: env.ERY_PLAYGROUND_PORT } }, () =>
        startPlayground({
          port: env.ERY_PLAYGROUND_PORT,
          logger: logger.child({ part: 'playground' }),
          extraFetch: chat.fetch,
          ...playgroundStorage(databasePath, options.fresh === true, logger),
        }),
      )
    : null;
  if (playground) chat.attach(playground);

  const catchUpOn = env.ERY_CATCHUP_MAX_MESSAGES > 0;
  // Set when the core builds its agent (below); read only once a member joins.
  let agentTools: ToolExecutor | undefined;
  let agentClock: Clock | undefined;
  /** The mod-log's posts: pinging nobody. */
  const postToModLog = async (channelId: string, content: string): Promise<void> => {
    await discord.actions.sendMessage({ channelId, content, allowedMentions: { parse: [] } });
  };
  // Built before it logs in, so the core can take its actions and every message has a receiver.
  const discord = createDiscordConnection({
    token: options.target?.token ?? playground?.botToken ?? (env.DISCORD_TOKEN as string),
    apiUrl: options.target?.apiUrl ?? playground?.apiUrl ?? env.DISCORD_API_URL,
    logger: logger.child({ part: 'discord' }),
    onMessage: (message) => {
      metrics.messagesReceived.inc();
      // Outside the answered channels, or not addressed to Ery in mention-only mode: kept in history
      // (the feed stored it already) but never batched.
      if (!admitsMessage(core.serverSettings.get(message.guildId), message)) {
        logger.debug(
          { event: 'message.not_admitted', channelId: message.channelId, messageId: message.id },
          'message not batched: the server settings leave it out',
        );
        return;
      }
      autoThreads.route(message, (routed) => core.supervisor.receive(routed));
    },
    // Read at each DM: a server that turns `directMessages` on is obeyed at once (issue 12 §4).
    directMessages: {
      everyone: env.ERY_DMS,
      serverEnables: (guildId) => core.policies.get(guildId).directMessages,
    },
    onMessageUpdate: (message) => core.supervisor.send({ type: 'message.updated', message }),
    onReaction: (message) => core.supervisor.send({ type: 'reaction.added', message }),
    onMemberJoin: (join) => welcomer.join(join),
    onMessageDelete: (channelId, messageIds) =>
      core.supervisor.send({ type: 'message.deleted', channelId, messageIds }),
    ignoreBots: env.ERY_IGNORE_BOTS,
    onRateLimited: (hit) => metrics.count429(hit.route, hit.scope),
    // The core is built next; nothing reaches these before login, when it exists.
    history: {
      upsert: (message) => core.recentMessages.upsert(message),
      remove: (channelId, ids) => core.recentMessages.remove(channelId, ids),
      // Catch-up repairs each channel's buffer at a new session; with it off, none can be trusted.
      sessionLost: () => {
        if (!catchUpOn) core.recentMessages.sessionLost();
      },
      restartAt: (channelId, fromId) => core.recentMessages.restartAt(channelId, fromId),
    },
    // A new session after the first: what was sent between the two was never delivered.
    onNewSession: () => void catchUpRunner.request(),
    // Built before the core: it reads the core's stores only when an interaction arrives.
    slash: {
      command: (request) => slash.command(request),
      autocomplete: (request, focused) => slash.autocomplete(request, focused),
    },
    onChannelDeleted: (channelId) => core.supervisor.send({ type: 'channel.deleted', channelId }),
  });
  const core = createCore({
    env,
    logger,
    // A playground seeded at this start has none of the messages Ery may have stored for it.
    ...(playground && !playground.restored
      ? { forgetGuildIds: playground.state.guilds().map((guild) => guild.id) }
      : {}),
    agent: ({ db, policies, serverSettings, clock, recentMessages, storage, budgets }) => {
      const agent = createLiveAgent({
        persona: (guildId) => serverSettings.get(guildId).persona,
        modLog: {
          channelFor: (guildId) => serverSettings.get(guildId).modLogChannelId,
          post: (channelId, content) => postToModLog(channelId, content),
        },
        recentMessages,
        attachments: {
          reader: createAttachmentReader({
            apiUrl: options.target?.apiUrl ?? playground?.apiUrl ?? env.DISCORD_API_URL,
          }),
          seeImages: env.LLM_VISION !== false,
        },
        storage,
        budgets,
        db,
        actions: discord.actions,
        model: meteredChatModel(model, metrics),
        policies,
        logger,
        clock,
        metrics,
      });
      // Welcomes are sent through the same pipeline as the model's calls (issue 12 §1).
      agentTools = agent.tools;
      agentClock = clock;
      return agent;
    },
    metrics,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const modLog = {
    channelFor: (guildId: string) => core.serverSettings.get(guildId).modLogChannelId,
    post: postToModLog,
  };
  const welcomer = new Welcomer({
    policyFor: (guildId) => core.policies.get(guildId),
    joins: new MemberJoinStore(core.db),
    clock: agentClock ?? systemClock,
    tools: () => agentTools as ToolExecutor,
    toChannel: (message) => core.supervisor.send({ type: 'member.joined', message }),
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
  const inspector = createInspectorHandler({
    supervisor: core.supervisor,
    hub: core.inspection,
    db: core.db,
    names: discord.names,
    reaped: () => core.reaped.list(),
    lifecycle: () => core.lifecycle.entries(),
  });
  // Bound before Discord is called: a busy port stops start-up without logging in only to stop
  // again. /healthz answers 503 until the login below has connected and resumed the busy channels.
  const ops =
    options.ops === false
      ? null
      : await listenOn(
          {
            port: { variable: 'ERY_HTTP_PORT', value: env.ERY_HTTP_PORT },
            host: { variable: 'ERY_HTTP_HOST', value: env.ERY_HTTP_HOST },
          },
          () =>
            startOpsServer({
              port: env.ERY_HTTP_PORT,
              hostname: env.ERY_HTTP_HOST,
              ...(env.ERY_OPS_TOKEN ? { token: env.ERY_OPS_TOKEN } : {}),
              supervisor: core.supervisor,
              metrics,
              health: { gateway: () => discord.gatewayStatus(), database: () => core.writeFault() },
              history: core.history,
              logger,
              admin: { config: core.config, policies: core.policies, budgets: core.budgets },
              ...(env.ERY_INSPECT.stream ? { inspection: core.inspection } : {}),
              mounts: { '/inspector': inspector.fetch },
            }),
        ).catch(async (error: unknown) => {
          await discord.stop();
          core.stop();
          chat.close();
          await playground?.stop();
          throw error;
        });
  if (ops) inspectorUrl = `${ops.url}/inspector`;
  // Resumed threads talk to Discord, so they start once it is logged in, and before any message.
  const login = { ready: () => core.resume(), ...(options.signal ? { signal: options.signal } : {}) };
  await discord.login(login).catch(async (error) => {
    await ops?.stop();
    core.stop();
    chat.close();
    await playground?.stop();
    throw error;
  });
  // In the background: live messages flow meanwhile, and a channel's copies are dropped by id.
  // With catch-up off, what was stored before this start has a gap of unknown size after it.
  if (!catchUpOn) core.recentMessages.sessionLost();
  const catchingUp = catchUpRunner.request();
  let stopping: Promise<void> | null = null;
  return {
    core,
    discord,
    ops,
    playground,
    model,
    metrics,
    stop: () => {
      stopping ??= (async () => {
        catchUpRunner.stop();
        await discord.stop();
        welcomer.stop();
        await catchingUp;
        core.stop();
        // After the supervisor drained and stopped, before the server closes: open inspector pages
        // get those last transitions and a final frame instead of only a broken connection.
        inspector.close();
        await ops?.stop();
        chat.close();
        await playground?.stop();
      })();
      return stopping;
    },
  };
}

/** The playground's own SQLite file beside Ery's database (none when that database is in memory). */
function playgroundStorage(databasePath: string, fresh: boolean, logger: Logger) {
  const path = playgroundPathFor(databasePath);
  if (!path) return {};
  logger.info({ event: 'playground.storage.opened', path, fresh }, 'playground state file');
  return {
    storage: openSqlitePlaygroundStorage(path, { fresh, logger: logger.child({ part: 'playground' }) }),
  };
}
