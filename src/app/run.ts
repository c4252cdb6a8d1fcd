import type { Clock } from '../../actors/clock.ts';
import { BotIdentityStore } from '../db/bot-identity-store.ts';
import { claimDatabase } from '../db/database-lock.ts';
import { inspectorStores } from '../db/inspector-stores.ts';
import { createAttachmentReader } from '../discord/attachment-reader.ts';
import { createDiscordConnection, type DiscordConnection } from '../discord/index.ts';
import type { Env } from '../domain/config.ts';
import { createInspectorHandler } from '../inspector/index.ts';
import type { ChatModel } from '../llm/chat-model.ts';
import { createChatModel } from '../llm/select-model.ts';
import type { Logger } from '../logger.ts';
import type { Playground } from '../playground/index.ts';
import type { ToolExecutor } from '../tools/tool-call.ts';
import { bindOps } from './bind-ops.ts';
import { BotIdentity } from './bot-identity.ts';
import { buildReceivers } from './build-receivers.ts';
import { createCore, type EryCore } from './core.ts';
import { catchUpOn, discordReceivers } from './discord-receivers.ts';
import { createLiveAgent } from './live-agent.ts';
import { startLocalPlayground } from './local-playground.ts';
import { meteredChatModel } from './ops-meters.ts';
import { OpsMetrics } from './ops-metrics.ts';
import type { OpsServer } from './ops-server.ts';
import { resumeThenLogIn } from './resume-then-log-in.ts';

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
 * core on its actions, resumes busy channels, and logs in (resumed threads ask the model meanwhile;
 * their Discord actions wait for the login). Messages are fed to the core from the login on, so
 * none arrives before it exists or before the busy channels resumed. `stop()` releases the
 * database last.
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
  const model = options.model ?? createChatModel(env, logger.child({ part: 'llm' }));
  const metrics = new OpsMetrics();
  const local = await startLocalPlayground(options, databasePath, model);
  const { playground } = local;
  const apiUrl = options.target?.apiUrl ?? playground?.apiUrl ?? env.DISCORD_API_URL;
  // Set when the core builds its agent (below); read only once a member joins.
  let agentTools: ToolExecutor | undefined;
  /** The mod-log: each server's channel, and posts that ping nobody. Read from the core once it exists. */
  const modLog = {
    channelFor: (guildId: string) => core.serverSettings.get(guildId).modLogChannelId,
    post: async (channelId: string, content: string): Promise<void> => {
      await discord.actions.sendMessage({ channelId, content, allowedMentions: { parse: [] } });
    },
  };
  const token = options.target?.token ?? playground?.botToken ?? (env.DISCORD_TOKEN as string);
  // Built before it logs in, so the core can take its actions and every message has a receiver.
  const discord = createDiscordConnection({
    token,
    apiUrl,
    logger: logger.child({ part: 'discord' }),
    ...discordReceivers(env, logger, metrics, () => receivers),
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
        // Asked once threads run, when `identity` (below) exists.
        selfId: (signal) => identity.id(signal),
        discordReady: (signal) => discord.whenReady(signal),
        persona: (guildId) => serverSettings.get(guildId).persona,
        modLog,
        recentMessages,
        attachments: { reader: createAttachmentReader({ apiUrl }), seeImages: env.LLM_VISION !== false },
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
      return agent;
    },
    metrics,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  // Ery's own id for the threads, known before Discord is ready when remembered from a login.
  const identity = new BotIdentity({
    store: new BotIdentityStore(core.db),
    token,
    discord,
    now: () => Date.now(),
    logger: logger.child({ part: 'discord' }),
  });
  const receivers = buildReceivers({
    env,
    logger,
    core,
    discord,
    modLog,
    ...(options.clock ? { clock: options.clock } : {}),
    tools: () => agentTools as ToolExecutor,
  });
  const { welcomer, catchUpRunner } = receivers;
  const inspector = createInspectorHandler({
    supervisor: core.supervisor,
    hub: core.inspection,
    stores: inspectorStores(core.db),
    names: discord.names,
    reaped: () => core.reaped.list(),
    lifecycle: () => core.lifecycle.entries(),
  });
  const ops =
    options.ops === false
      ? null
      : await bindOps(env, logger, { core, discord, metrics, inspector: inspector.fetch }).catch(
          async (error: unknown) => {
            await discord.stop();
            core.stop();
            await local.close();
            throw error;
          },
        );
  if (ops) local.showInspector(`${ops.url}/inspector`);
  await resumeThenLogIn({
    core,
    discord,
    identity,
    logger: logger.child({ part: 'discord' }),
    signal: options.signal,
    giveUp: async () => {
      await ops?.stop();
      core.stop();
      await local.close();
    },
  });
  // In the background: live messages flow meanwhile, and a channel's copies are dropped by id.
  // With catch-up off, what was stored before this start has a gap of unknown size after it.
  if (!catchUpOn(env)) core.recentMessages.sessionLost();
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
        await local.close();
      })();
      return stopping;
    },
  };
}
