import { Events, type Message, type PartialMessage, type ReadonlyCollection } from 'discord.js';
import { isDirectMessage } from '../domain/direct-message.ts';
import { createDiscordActions } from './actions.ts';
import { catchUpChannel } from './catch-up.ts';
import { createDiscordClient, DEFAULT_DISCORD_API_URL, destroyClient } from './client.ts';
import { directMessageGrant } from './direct-messages.ts';
import { guardDispatchHandlers } from './dispatch-guard.ts';
import { gatewayStatusOf } from './gateway-status.ts';
import { historyOfChat, watchHistory } from './history-feed.ts';
import { DEFAULT_LOGIN_TIMEOUT_MS, loginWithTimeout } from './login.ts';
import { watchMemberJoins } from './member-joins.ts';
import { normaliseMessage } from './normalise.ts';
import { watchRateLimits } from './rate-limit-watch.ts';
import { watchRawDispatches } from './raw-dispatch.ts';
import { watchReactions } from './reactions.ts';
import { SeenIds } from './seen-ids.ts';
import { logShardEvents } from './shard-log.ts';
import { watchSlashCommands } from './slash/watch-slash.ts';
import { lockedOut, watchDeletedChannels } from './threads.ts';

export type * from './connection.types.ts';

import type {
  ConnectDiscordOptions,
  DiscordConnection,
  DiscordConnectionOptions,
  DiscordLoginOptions,
  UnstartedDiscordConnection,
} from './connection.types.ts';

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
  /** Runs `work` after what is queued for channel `key`; a failure goes to `failed`, never down the chain. */
  const onChain = (key: string, work: () => unknown, failed: (error: unknown) => void): void => {
    const next = (chains.get(key) ?? Promise.resolve()).then(work).then(
      () => {},
      (error: unknown) => failed(error),
    );
    chains.set(key, next);
    void next.finally(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
  };

  /** Whether a DM is answered (./direct-messages.ts); logs `discord.message.dm_ignored` when not. */
  const answersDm = async (message: Message): Promise<boolean> => {
    const policy = options.directMessages ?? { everyone: false, serverEnables: () => false };
    const context = { logger, signal: stopping.signal };
    const grant = await directMessageGrant(client, message.author.id, policy, context);
    if (grant !== null || stopping.signal.aborted) return grant !== null;
    logger.info(
      { event: 'discord.message.dm_ignored', messageId: message.id, channelId: message.channelId },
      'direct message ignored: DMs are off (ERY_DMS) and no server of its author enables them',
    );
    return false;
  };

  const deliver = async (message: Message, botUserId: string): Promise<void> => {
    const result = await normaliseMessage(message, { botUserId, logger, signal: stopping.signal });
    if (stopping.signal.aborted) return;
    if (!result.ok) {
      const fields = { messageId: message.id, detail: result.detail };
      if (result.reason === 'not_in_guild') {
        logger.info(
          { event: 'discord.message.not_in_guild', ...fields },
          'message ignored: neither in a server nor in a direct message',
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
    // Before the history feed: a DM Ery does not answer is not kept either.
    if (isDirectMessage(result.message.guildId) && !(await answersDm(message))) return;
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
    onChain(
      message.channelId,
      () => deliver(message, botUserId),
      (error) =>
        logger.error(
          { event: 'discord.message.handler_failed', messageId: message.id, err: error },
          'message not passed on',
        ),
    );
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
    // On the channel's chain, so an edit never overtakes the message it edits.
    onChain(
      message.channelId,
      async () => {
        const result = await normaliseMessage(message, { botUserId, logger, signal: stopping.signal });
        if (!result.ok || stopping.signal.aborted) return;
        const editedAt = message.editedTimestamp ?? undefined;
        handler(editedAt === undefined ? result.message : { ...result.message, editedAt });
      },
      (error) =>
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
    onChain(
      channelId,
      () => handler(channelId, ids),
      (error) =>
        logger.error(
          { event: 'discord.message.delete_failed', channelId, messageIds: ids, err: error },
          'delete not passed on',
        ),
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
    const onMemberJoin = options.onMemberJoin;
    const detachJoins = onMemberJoin
      ? watchMemberJoins(client, (join) => !stopping.signal.aborted && onMemberJoin(join), logger)
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
      detachJoins();
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
