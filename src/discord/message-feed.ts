import { type Client, Events, type Message, type PartialMessage, type ReadonlyCollection } from 'discord.js';
import { isDirectMessage } from '../domain/direct-message.ts';
import type { Logger } from '../logger.ts';
import type { DiscordConnectionOptions } from './connection.types.ts';
import { directMessageGrant } from './direct-messages.ts';
import { historyOfChat } from './history-feed.ts';
import { type NormaliseSkip, normaliseMessage } from './normalise.ts';
import { SeenIds } from './seen-ids.ts';
import { lockedOut } from './threads.ts';

/** The message feed of a connection: created, edited and deleted messages passed on in order. */
export interface MessageFeed {
  /** Feeds `message` unless it is Ery's own, an ignored bot's or a copy; says whether it did. */
  take(message: Message): boolean;
  /** Subscribes to discord.js's message events (after login, once the receivers are ready). */
  attach(): void;
  /** Unsubscribes. */
  detach(): void;
}

/**
 * The message path from discord.js to `options.onMessage` (and the edit and delete handlers):
 * Ery's own and ignored bots' messages are skipped, replays dropped by id, each message normalised
 * (./normalise.ts) and logged when it cannot be, a DM passed on only when answered
 * (./direct-messages.ts), the history buffer fed first, and a locked thread's messages left out.
 * Per-channel chains keep order within a channel (an edit or delete never overtakes its message)
 * while a slow reply lookup in one channel does not hold up the others; a failure is logged and
 * never stalls its chain. Nothing runs once `stopping` is aborted.
 */
export function createMessageFeed(
  client: Client,
  options: DiscordConnectionOptions,
  stopping: AbortSignal,
): MessageFeed {
  const { logger, onMessage } = options;
  const ignoreBots = options.ignoreBots ?? true;
  const seen = new SeenIds(options.dedupeCapacity ?? 1000);
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
  const normalise = (message: Message, botUserId: string) =>
    normaliseMessage(message, { botUserId, logger, signal: stopping });

  const deliver = async (message: Message, botUserId: string): Promise<void> => {
    const result = await normalise(message, botUserId);
    if (stopping.aborted) return;
    if (!result.ok) return void logSkipped(logger, message, result);
    // Before the history feed: a DM Ery does not answer is not kept either.
    if (isDirectMessage(result.message.guildId) && !(await answersDm(client, message, options, stopping)))
      return;
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
    onMessage(result.message);
  };

  const take = (message: Message): boolean => {
    const botUserId = client.user?.id;
    if (!botUserId || stopping.aborted) return false;
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
    if (!handler || !botUserId || message.partial || stopping.aborted) return;
    if (message.author.id === botUserId || (message.author.bot && ignoreBots)) return;
    onChain(
      message.channelId,
      async () => {
        const result = await normalise(message, botUserId);
        if (!result.ok || stopping.aborted) return;
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
  const deleted = (channelId: string, ids: string[]): void => {
    const handler = options.onMessageDelete;
    if (!handler || stopping.aborted) return;
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
  const listeners = [
    [Events.MessageCreate, onCreate],
    [Events.MessageUpdate, onUpdate],
    [Events.MessageDelete, onDelete],
    [Events.MessageBulkDelete, onBulkDelete],
  ] as const;
  return {
    take,
    attach: () => {
      for (const [event, listener] of listeners) client.on(event, listener as (...args: unknown[]) => void);
    },
    detach: () => {
      for (const [event, listener] of listeners) client.off(event, listener as (...args: unknown[]) => void);
    },
  };
}

/** Logs why a message was not passed on, at the level its reason deserves. */
function logSkipped(
  logger: Logger,
  message: Message,
  result: { reason: NormaliseSkip; detail: string },
): void {
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
}

/** Whether a DM is answered (./direct-messages.ts); logs `discord.message.dm_ignored` when not. */
async function answersDm(
  client: Client,
  message: Message,
  options: DiscordConnectionOptions,
  stopping: AbortSignal,
): Promise<boolean> {
  const policy = options.directMessages ?? { everyone: false, serverEnables: () => false };
  const grant = await directMessageGrant(client, message.author.id, policy, {
    logger: options.logger,
    signal: stopping,
  });
  if (grant !== null || stopping.aborted) return grant !== null;
  options.logger.info(
    { event: 'discord.message.dm_ignored', messageId: message.id, channelId: message.channelId },
    'direct message ignored: DMs are off (ERY_DMS) and no server of its author enables them',
  );
  return false;
}
