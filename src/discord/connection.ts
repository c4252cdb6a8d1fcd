import { Events, type Message } from 'discord.js';
import type { ChatMessage } from '../domain/message.ts';
import type { Logger } from '../logger.ts';
import { createDiscordActions } from './actions.ts';
import { createDiscordClient, DEFAULT_DISCORD_API_URL, destroyClient } from './client.ts';
import { DEFAULT_LOGIN_TIMEOUT_MS, loginWithTimeout } from './login.ts';
import { normaliseMessage } from './normalise.ts';
import type { DiscordActions } from './port.ts';
import { watchRawDispatches } from './raw-dispatch.ts';
import { SeenIds } from './seen-ids.ts';
import { logShardEvents } from './shard-log.ts';

/** Options of {@link connectDiscord}. */
export interface ConnectDiscordOptions {
  /** The bot token (`DISCORD_TOKEN`). */
  token: string;
  /** REST base (`DISCORD_API_URL`); Discord's own when absent. */
  apiUrl?: string;
  logger: Logger;
  /** Receives every guild message that is not Ery's own, once, in order per channel. */
  onMessage: (message: ChatMessage) => void;
  /** When true (the default) other bots' messages are not fed. Ery's own never are. */
  ignoreBots?: boolean;
  /** Aborting it stops a login in progress, or the connection once established. */
  signal?: AbortSignal;
  /** Login gives up after this long with `DISCORD_LOGIN_TIMEOUT` (default 30 s). */
  loginTimeoutMs?: number;
  /** Rate-limit waits longer than this fail with `RATE_LIMITED` (default 60 s). */
  maxRateLimitWaitMs?: number;
  /** How many message ids are remembered to drop replayed duplicates (default 1000). */
  dedupeCapacity?: number;
}

/** A live Discord connection: the REST actions, who Ery is, and how to stop. */
export interface DiscordConnection {
  actions: DiscordActions;
  botUserId: string;
  /** Ids of the servers Ery is in right now. */
  guildIds(): string[];
  /** Stops feeding messages and closes the gateway; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Logs in to Discord and feeds normalised guild messages to `onMessage`. Rejects with a
 * `DiscordConnectError` that says what to check when login fails or times out.
 */
export async function connectDiscord(options: ConnectDiscordOptions): Promise<DiscordConnection> {
  if (typeof options.onMessage !== 'function') throw new TypeError('connectDiscord: onMessage is required');
  if (!options.logger) throw new TypeError('connectDiscord: logger is required');
  const { logger, onMessage, signal } = options;
  const apiUrl = options.apiUrl ?? DEFAULT_DISCORD_API_URL;
  const ignoreBots = options.ignoreBots ?? true;
  const client = createDiscordClient({ apiUrl, maxRateLimitWaitMs: options.maxRateLimitWaitMs });
  const stopping = new AbortController();
  const detachShardLog = logShardEvents(client, logger, stopping.signal);
  const detachRaw = watchRawDispatches(client, logger);
  const detachLog = (): void => {
    detachShardLog();
    detachRaw();
  };
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
      onMessage(result.message);
    } catch (error) {
      logger.error(
        { event: 'discord.message.handler_failed', messageId: message.id, err: error },
        'onMessage threw',
      );
    }
  };

  const onCreate = (message: Message): void => {
    const botUserId = client.user?.id;
    if (!botUserId || stopping.signal.aborted) return;
    if (message.author.id === botUserId) return;
    if (message.author.bot && ignoreBots) return;
    if (!seen.add(message.id)) {
      logger.debug({ event: 'discord.message.duplicate', messageId: message.id }, 'replayed message dropped');
      return;
    }
    const key = message.channelId;
    const next = (chains.get(key) ?? Promise.resolve()).then(() => deliver(message, botUserId));
    chains.set(key, next);
    void next.finally(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
  };

  try {
    await loginWithTimeout(client, options.token, {
      apiUrl,
      timeoutMs: options.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
      signal,
    });
  } catch (error) {
    detachLog();
    throw error;
  }
  const botUserId = client.user?.id ?? '';
  client.on(Events.MessageCreate, onCreate);
  logger.info(
    { event: 'discord.connected', botUserId, guilds: client.guilds.cache.size },
    apiUrl === DEFAULT_DISCORD_API_URL ? 'connected to Discord' : `connected to the Discord API at ${apiUrl}`,
  );

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping.abort();
      signal?.removeEventListener('abort', onAbort);
      client.off(Events.MessageCreate, onCreate);
      const closed = await destroyClient(client);
      detachLog();
      if (closed) {
        logger.info({ event: 'discord.stopped' }, 'Discord connection closed');
      } else {
        logger.warn({ event: 'discord.stopped' }, 'Discord connection did not close in time; abandoned');
      }
    })();
    return stopped;
  };
  const onAbort = (): void => void stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();

  return {
    actions: createDiscordActions(client, { logger }),
    botUserId,
    guildIds: () => [...client.guilds.cache.keys()],
    stop,
  };
}
