import { Events } from 'discord.js';
import { createDiscordActions } from './actions.ts';
import { actionsWhenReady } from './actions-when-ready.ts';
import { cacheNames } from './cache-names.ts';
import { catchUpChannel } from './catch-up.ts';
import { createDiscordClient, DEFAULT_DISCORD_API_URL, destroyClient } from './client.ts';
import { gatewayStatusOf } from './gateway-status.ts';
import { DEFAULT_LOGIN_TIMEOUT_MS, loginWithTimeout } from './login.ts';
import { createMessageFeed } from './message-feed.ts';
import { watchRateLimits } from './rate-limit-watch.ts';
import { DiscordReadiness } from './readiness.ts';
import { lockedOut } from './threads.ts';
import { attachWatchers } from './watchers.ts';
import { whoAmI } from './who-am-i.ts';

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
  const { logger } = options;
  const apiUrl = options.apiUrl ?? DEFAULT_DISCORD_API_URL;
  const client = createDiscordClient({ apiUrl, maxRateLimitWaitMs: options.maxRateLimitWaitMs });
  // Callable before login (a thread resumed at start): each waits until the client is ready.
  const readiness = new DiscordReadiness();
  const actions = actionsWhenReady(createDiscordActions(client, { logger }), readiness);
  const unwatchRateLimits = options.onRateLimited ? watchRateLimits(client, options.onRateLimited) : () => {};
  const stopping = new AbortController();
  let detachLog: (() => void) | null = null;
  const feed = createMessageFeed(client, options, stopping.signal);
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
      feed.detach();
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
    detachLog = attachWatchers(client, options, stopping.signal);
    client.on(Events.ShardReady, onShardReady);
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
    // Only now: a call let through before a `ready` that throws would meet a stopped client.
    readiness.markReady();
    feed.attach();
    loginSignal = signal;
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
  };

  return {
    actions,
    get botUserId() {
      return actions.botUserId;
    },
    get ready() {
      return readiness.ready;
    },
    whenReady: (signal) => readiness.wait(signal),
    guildIds: () => [...client.guilds.cache.keys()],
    names: cacheNames(client),
    gatewayStatus: () => (stopping.signal.aborted ? 'disconnected' : gatewayStatusOf(client)),
    lastMessageIdOf: (channelId) => {
      const channel = client.channels.cache.get(channelId);
      // A thread Ery cannot post in is not read: whatever it got would not be answered.
      if (!channel?.isTextBased() || channel.isDMBased() || lockedOut(channel)) return undefined;
      return channel.lastMessageId ?? null;
    },
    whoAmI: (signal) => whoAmI(client, options.token, signal),
    parentOf: (channelId) => {
      const channel = client.channels.cache.get(channelId);
      return channel?.isThread() ? channel.parentId : null;
    },
    catchUp: (channelId, plan) =>
      catchUpChannel(client, channelId, plan, { take: feed.take, history: options.history }, logger),
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
