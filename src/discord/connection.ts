import { Events, type Message, type PartialMessage, type ReadonlyCollection } from 'discord.js';
import type { ChatMessage } from '../domain/message.ts';
import type { Logger } from '../logger.ts';
import { createDiscordActions } from './actions.ts';
import { type ChannelCatchUp, catchUpChannel, type MissedRead } from './catch-up.ts';
import { createDiscordClient, DEFAULT_DISCORD_API_URL, destroyClient } from './client.ts';
import { guardDispatchHandlers } from './dispatch-guard.ts';
import { type GatewayStatus, gatewayStatusOf } from './gateway-status.ts';
import { type HistoryFeed, historyOfChat, watchHistory } from './history-feed.ts';
import { DEFAULT_LOGIN_TIMEOUT_MS, loginWithTimeout } from './login.ts';
import { normaliseMessage } from './normalise.ts';
import type { DiscordActions } from './port.ts';
import { type RateLimitHit, watchRateLimits } from './rate-limit-watch.ts';
import { watchRawDispatches } from './raw-dispatch.ts';
import { watchReactions } from './reactions.ts';
import { SeenIds } from './seen-ids.ts';
import { logShardEvents } from './shard-log.ts';
import type { SlashHandler } from './slash/slash-port.ts';
import { watchSlashCommands } from './slash/watch-slash.ts';
import { lockedOut, watchDeletedChannels } from './threads.ts';

/** Options of {@link createDiscordConnection}. */
export interface DiscordConnectionOptions {
  /** The bot token (`DISCORD_TOKEN`). */
  token: string;
  /** REST base (`DISCORD_API_URL`); Discord's own when absent. */
  apiUrl?: string;
  logger: Logger;
  /** Receives every guild message that is not Ery's own, once, in order per channel, from login on. */
  onMessage: (message: ChatMessage) => void;
  /**
   * Receives every edit of a guild message that is not Ery's own (issue 12 §1), normalised again
   * with `editedAt` set: a message still waiting for its batch is updated by it.
   */
  onMessageUpdate?: (message: ChatMessage) => void;
  /** Receives reactions on Ery's own messages as batch items (`reaction` set; see ./reactions.ts). */
  onReaction?: (item: ChatMessage) => void;
  /** Receives the ids of guild messages deleted (one, or a bulk delete), per channel. */
  onMessageDelete?: (channelId: string, messageIds: string[]) => void;
  /** When true (the default) other bots' messages are not fed. Ery's own never are. */
  ignoreBots?: boolean;
  /** Login gives up after this long with `DISCORD_LOGIN_TIMEOUT` (default 30 s). */
  loginTimeoutMs?: number;
  /** Rate-limit waits longer than this fail with `RATE_LIMITED` (default 60 s). */
  maxRateLimitWaitMs?: number;
  /** How many message ids are remembered to drop replayed duplicates (default 1000). */
  dedupeCapacity?: number;
  /** Called for every 429 Discord's REST API answers (the ops metrics count them). */
  onRateLimited?: (hit: RateLimitHit) => void;
  /**
   * Told of every message change the gateway delivers (creates, Ery's own and bots' included,
   * edits, deletes) and of lost sessions, so channel history needs no REST (issue 10).
   */
  history?: HistoryFeed;
  /** Called when the gateway starts a new session after the first (not a resume): catch up then. */
  onNewSession?: () => void;
  /** Answers `/ery`; with it, the command is registered in every server at start (issue 11 §5). */
  slash?: SlashHandler;
  /** Called with the id of a thread or channel deleted on Discord: its actor is reaped. */
  onChannelDeleted?: (channelId: string) => void;
}

/** The names {@link DiscordConnection.names} reads from discord.js's cache. */
export interface DiscordNames {
  guild(guildId: string): string | null;
  channel(channelId: string): string | null;
  member(guildId: string, userId: string): string | null;
  role(guildId: string, roleId: string): string | null;
}

/** Options of {@link connectDiscord}. */
export interface ConnectDiscordOptions extends DiscordConnectionOptions {
  /** Aborting it stops a login in progress, or the connection once established. */
  signal?: AbortSignal;
}

/** A Discord connection: the REST actions, who Ery is, and how to stop. */
export interface DiscordConnection {
  /** Usable from construction; each call needs the connection logged in by the time it runs. */
  actions: DiscordActions;
  /** Ery's own user id; throws a TypeError before login has succeeded. */
  readonly botUserId: string;
  /** Ids of the servers Ery is in right now. */
  guildIds(): string[];
  /**
   * Names from the gateway's cache (no request made): servers, channels, members (their display
   * name in the server) and roles; null when not cached (or before login).
   */
  readonly names: DiscordNames;
  /** The gateway connection right now, read from discord.js's shard states (no request made). */
  gatewayStatus(): GatewayStatus;
  /**
   * The newest message id of a channel as the gateway last told it (GUILD_CREATE and every
   * message since; no request made): null when the channel has none, undefined when Ery cannot
   * see it.
   */
  lastMessageIdOf(channelId: string): string | null | undefined;
  /** Reads what a channel got while Ery was away and feeds it like the gateway would (./catch-up.ts). */
  catchUp(channelId: string, plan: MissedRead & { feedAfter: string | null }): Promise<ChannelCatchUp>;
  /** Stops feeding messages and closes the gateway; safe to call twice, and before login. */
  stop(): Promise<void>;
}

/** A built, not yet logged-in, Discord connection (see {@link createDiscordConnection}). */
export interface UnstartedDiscordConnection extends DiscordConnection {
  /**
   * Logs in, runs `ready` (what must happen once logged in and before any message, such as
   * resuming interrupted work), then starts feeding `onMessage`. Rejects with a
   * `DiscordConnectError` that says what to check when login fails or times out; when `ready`
   * throws, the connection stops and its error is rethrown. Aborting `signal` stops a login in
   * progress, or the connection once established. Call it once.
   */
  login(options?: DiscordLoginOptions): Promise<void>;
}

/** Options of {@link UnstartedDiscordConnection.login}. */
export interface DiscordLoginOptions {
  signal?: AbortSignal;
  ready?: () => void;
}

/**
 * Builds the discord.js client, its REST actions and message feed without connecting, the way
 * discord.js separates `new Client()` from `client.login()`: whoever consumes `actions` and
 * `onMessage` can be built first, so no message arrives before there is someone to take it.
 */
export function createDiscordConnection(options: DiscordConnectionOptions): UnstartedDiscordConnection {
  if (typeof options.onMessage !== 'function')
    throw new TypeError('createDiscordConnection: onMessage is required');
  if (!options.logger) throw new TypeError('createDiscordConnection: logger is required');
  const { logger, onMessage } = options;
  const apiUrl = options.apiUrl ?? DEFAULT_DISCORD_API_URL;
  const ignoreBots = options.ignoreBots ?? true;
  const client = createDiscordClient({ apiUrl, maxRateLimitWaitMs: options.maxRateLimitWaitMs });
  const actions = createDiscordActions(client, { logger });
  const unwatchRateLimits = options.onRateLimited ? watchRateLimits(client, options.onRateLimited) : () => {};
  const stopping = new AbortController();
  let detachLog: (() => void) | null = null;
  const seen = new SeenIds(options.dedupeCapacity ?? 1000);
  // Per-channel chains keep order within a channel while a slow reply lookup in one channel does
  // not hold up the others.
  const chains = new Map<string, Promise<void>>();

  const deliver = async (message: Message, botUserId: string): Promise<void> => {
    const result = await normaliseMessage(message, { botUserId, logger, signal: stopping.signal });
    if (stopping.signal.aborted) return;
    if (!result.ok) {
      const fields = { messageId: message.id, detail: result.detail };
      if (result.reason === 'not_in_guild') {
        logger.info(
          { event: 'discord.message.dm_ignored', ...fields },
          'direct message ignored: Ery works in servers',
        );
      } else if (result.reason === 'dropped_type') {
        logger.debug(
          { event: 'discord.message.system_dropped', ...fields },
          'system message dropped: not chat and not an event Ery passes on',
        );
      } else {
        logger.warn({ event: 'discord.message.invalid', ...fields }, 'message skipped: it did not validate');
      }
      return;
    }
    try {
      // First, so the buffer holds the message before any thread it starts reads history.
      options.history?.upsert(historyOfChat(result.message));
    } catch (error) {
      logger.error(
        { event: 'discord.history.feed_failed', messageId: message.id, err: error },
        'the recent-message buffer could not take a message; history will ask Discord',
      );
    }
    if (lockedOut(message.channel)) {
      // Nothing Ery could say would land: no thread, no model call (issue 12 §4).
      logger.info(
        { event: 'discord.thread.locked_out', messageId: message.id, channelId: message.channelId },
        'message in a thread Ery cannot post in (locked, or not sendable): not answered',
      );
      return;
    }
    try {
      onMessage(result.message);
    } catch (error) {
      logger.error(
        { event: 'discord.message.handler_failed', messageId: message.id, err: error },
        'onMessage threw',
      );
    }
  };

  /** Feeds `message` unless it is Ery's own, an ignored bot's or a copy; says whether it did. */
  const take = (message: Message): boolean => {
    const botUserId = client.user?.id;
    if (!botUserId || stopping.signal.aborted) return false;
    if (message.author.id === botUserId) return false;
    if (message.author.bot && ignoreBots) {
      // As discord.js's user cache says: the gateway's last word on this author was that it is a bot.
      logger.debug(
        { event: 'discord.message.bot_ignored', messageId: message.id, authorId: message.author.id },
        'message of a bot ignored (ERY_IGNORE_BOTS)',
      );
      return false;
    }
    if (!seen.add(message.id)) {
      logger.debug({ event: 'discord.message.duplicate', messageId: message.id }, 'replayed message dropped');
      return false;
    }
    const key = message.channelId;
    const next = (chains.get(key) ?? Promise.resolve()).then(() => deliver(message, botUserId));
    chains.set(key, next);
    void next.finally(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
    return true;
  };
  const onCreate = (message: Message): void => {
    take(message);
  };
  const onUpdate = (_old: Message | PartialMessage, message: Message | PartialMessage): void => {
    const botUserId = client.user?.id;
    const handler = options.onMessageUpdate;
    if (!handler || !botUserId || message.partial || stopping.signal.aborted) return;
    if (message.author.id === botUserId || (message.author.bot && ignoreBots)) return;
    const key = message.channelId;
    // On the channel's chain, so an edit never overtakes the message it edits.
    const next = (chains.get(key) ?? Promise.resolve()).then(async () => {
      const result = await normaliseMessage(message, { botUserId, logger, signal: stopping.signal });
      if (!result.ok || stopping.signal.aborted) return;
      const editedAt = message.editedTimestamp ?? undefined;
      handler(editedAt === undefined ? result.message : { ...result.message, editedAt });
    });
    chains.set(
      key,
      next.catch(() => {}),
    );
    next.catch((error) =>
      logger.error(
        { event: 'discord.message.update_failed', messageId: message.id, err: error },
        'edit not passed on',
      ),
    );
  };
  /** On the channel's chain, so a delete never overtakes the message it deletes. */
  const deleted = (channelId: string, ids: string[]): void => {
    const handler = options.onMessageDelete;
    if (!handler || stopping.signal.aborted) return;
    const next = (chains.get(channelId) ?? Promise.resolve()).then(() => handler(channelId, ids));
    chains.set(
      channelId,
      next.catch(() => {}),
    );
  };
  const onDelete = (message: Message | PartialMessage): void => deleted(message.channelId, [message.id]);
  const onBulkDelete = (messages: ReadonlyCollection<string, Message | PartialMessage>): void => {
    const channelId = messages.first()?.channelId;
    if (channelId !== undefined) deleted(channelId, [...messages.keys()]);
  };
  let sessions = 0;
  const onShardReady = (): void => {
    sessions += 1;
    if (sessions > 1) options.onNewSession?.();
  };

  const detach = (): void => {
    detachLog?.();
    detachLog = null;
  };

  let stopped: Promise<void> | undefined;
  let loginSignal: AbortSignal | undefined;
  const onAbort = (): void => void stop();
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping.abort();
      loginSignal?.removeEventListener('abort', onAbort);
      client.off(Events.MessageCreate, onCreate);
      client.off(Events.MessageUpdate, onUpdate);
      client.off(Events.MessageDelete, onDelete);
      client.off(Events.MessageBulkDelete, onBulkDelete);
      client.off(Events.ShardReady, onShardReady);
      unwatchRateLimits();
      const closed = await destroyClient(client);
      detach();
      if (closed) {
        logger.info({ event: 'discord.stopped' }, 'Discord connection closed');
      } else {
        logger.warn({ event: 'discord.stopped' }, 'Discord connection did not close in time; abandoned');
      }
    })();
    return stopped;
  };

  let loggingIn: Promise<void> | undefined;
  const login = async ({ signal, ready }: DiscordLoginOptions = {}): Promise<void> => {
    if (loggingIn) throw new TypeError('createDiscordConnection: login() was already called');
    if (stopping.signal.aborted) throw new TypeError('createDiscordConnection: the connection is stopped');
    const detachShardLog = logShardEvents(client, logger, stopping.signal);
    const detachRaw = watchRawDispatches(client, logger);
    const unguard = guardDispatchHandlers(client, logger);
    const onReaction = options.onReaction;
    const detachReactions = onReaction
      ? watchReactions(client, (item) => !stopping.signal.aborted && onReaction(item), logger)
      : () => {};
    // Before login, so the first session is counted and only a later one reports a loss.
    const detachHistory = options.history ? watchHistory(client, options.history, logger) : () => {};
    const detachSlash = options.slash
      ? watchSlashCommands(client, options.slash, logger.child({ part: 'slash' }))
      : () => {};
    const { onChannelDeleted } = options;
    const detachDeletes = onChannelDeleted
      ? watchDeletedChannels(client, onChannelDeleted, logger)
      : () => {};
    client.on(Events.ShardReady, onShardReady);
    detachLog = () => {
      detachShardLog();
      detachRaw();
      unguard();
      detachReactions();
      detachHistory();
      detachSlash();
      detachDeletes();
    };
    loggingIn = loginWithTimeout(client, options.token, {
      apiUrl,
      timeoutMs: options.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
      signal,
    });
    try {
      await loggingIn;
    } catch (error) {
      detach();
      throw error;
    }
    logger.info(
      { event: 'discord.connected', botUserId: client.user?.id ?? '', guilds: client.guilds.cache.size },
      apiUrl === DEFAULT_DISCORD_API_URL
        ? 'connected to Discord'
        : `connected to the Discord API at ${apiUrl}`,
    );
    try {
      ready?.();
    } catch (error) {
      await stop();
      throw error;
    }
    client.on(Events.MessageCreate, onCreate);
    client.on(Events.MessageUpdate, onUpdate);
    client.on(Events.MessageDelete, onDelete);
    client.on(Events.MessageBulkDelete, onBulkDelete);
    loginSignal = signal;
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
  };

  return {
    actions,
    get botUserId() {
      return actions.botUserId;
    },
    guildIds: () => [...client.guilds.cache.keys()],
    names: {
      guild: (guildId) => client.guilds.cache.get(guildId)?.name ?? null,
      channel: (channelId) => {
        const channel = client.channels.cache.get(channelId);
        return channel && 'name' in channel ? (channel.name ?? null) : null;
      },
      member: (guildId, userId) =>
        client.guilds.cache.get(guildId)?.members.cache.get(userId)?.displayName ??
        client.users.cache.get(userId)?.displayName ??
        null,
      role: (guildId, roleId) => client.guilds.cache.get(guildId)?.roles.cache.get(roleId)?.name ?? null,
    },
    gatewayStatus: () => (stopping.signal.aborted ? 'disconnected' : gatewayStatusOf(client)),
    lastMessageIdOf: (channelId) => {
      const channel = client.channels.cache.get(channelId);
      if (!channel?.isTextBased() || channel.isDMBased()) return undefined;
      return channel.lastMessageId ?? null;
    },
    catchUp: (channelId, plan) =>
      catchUpChannel(client, channelId, plan, { take, history: options.history }, logger),
    stop,
    login,
  };
}

/**
 * Builds a Discord connection and logs it in at once (see {@link createDiscordConnection}).
 * Rejects with a `DiscordConnectError` that says what to check when login fails or times out.
 */
export async function connectDiscord(options: ConnectDiscordOptions): Promise<DiscordConnection> {
  const { signal, ...rest } = options;
  const connection = createDiscordConnection(rest);
  await connection.login({ signal });
  return connection;
}
