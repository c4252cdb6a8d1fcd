import { type Client, Events, type Message, type PartialMessage, type ReadonlyCollection } from 'discord.js';
import type { ChatMessage } from '../domain/message.ts';
import type { Logger } from '../logger.ts';
import { isHistoryMessage, toHistoryMessage } from './info.ts';
import type { HistoryMessage } from './port.ts';

/**
 * Where the connection reports each change to a channel's messages that the gateway delivers
 * anyway, so channel history needs no REST (issue 10). Implemented by src/history.
 */
export interface HistoryFeed {
  /** A message created (anyone's, Ery's own included) or edited. */
  upsert(message: HistoryMessage): void;
  /** Messages deleted in a channel: one, or a bulk delete. */
  remove(channelId: string, ids: readonly string[]): void;
  /** A new gateway session began after an earlier one: what was sent in between was never seen. */
  sessionLost(): void;
  /**
   * A channel's history has a gap before `fromId` (catch-up read only its newest messages): the
   * buffer keeps `fromId` and newer, complete from there; with null it keeps nothing.
   */
  restartAt(channelId: string, fromId: string | null): void;
}

/** A chat message Ery received, as channel history shows it (the same fields REST history reads). */
export function historyOfChat(message: ChatMessage): HistoryMessage {
  const { id, channelId, author, content, replyToId, createdAt, parts, event, editedAt } = message;
  return {
    id,
    channelId,
    author,
    content,
    replyToId,
    createdAt,
    ...(parts ? { parts } : {}),
    ...(event ? { event } : {}),
    ...(editedAt !== undefined ? { editedAt } : {}),
  };
}

/**
 * Feeds `feed` from the gateway: bots' messages and Ery's own (which the message feed skips; the
 * feed's own chat messages are reported by the connection once normalised), edits, deletes, bulk
 * deletes and new sessions. A message discord.js cannot read is logged and skipped. Returns the
 * function that stops watching.
 */
export function watchHistory(client: Client, feed: HistoryFeed, logger: Logger): () => void {
  const report = (message: Message): void => {
    try {
      if ((message.inGuild() || message.channel?.isDMBased()) && isHistoryMessage(message))
        feed.upsert(toHistoryMessage(message, logger));
    } catch (error) {
      logger.warn(
        { event: 'discord.history.message_unreadable', messageId: message.id, err: error },
        'message left out of the recent-message buffer: discord.js cannot read it',
      );
    }
  };
  const onCreate = (message: Message): void => {
    if (message.author.bot) report(message);
  };
  const onUpdate = (_old: Message | PartialMessage, message: Message | PartialMessage): void => {
    if (!message.partial) report(message);
  };
  const onDelete = (message: Message | PartialMessage): void => {
    feed.remove(message.channelId, [message.id]);
  };
  const onBulkDelete = (messages: ReadonlyCollection<string, Message | PartialMessage>): void => {
    const channelId = messages.first()?.channelId;
    if (channelId !== undefined) feed.remove(channelId, [...messages.keys()]);
  };
  let sessions = 0;
  const onReady = (): void => {
    sessions += 1;
    if (sessions > 1) feed.sessionLost();
  };
  client.on(Events.MessageCreate, onCreate);
  client.on(Events.MessageUpdate, onUpdate);
  client.on(Events.MessageDelete, onDelete);
  client.on(Events.MessageBulkDelete, onBulkDelete);
  client.on(Events.ShardReady, onReady);
  return () => {
    client.off(Events.MessageCreate, onCreate);
    client.off(Events.MessageUpdate, onUpdate);
    client.off(Events.MessageDelete, onDelete);
    client.off(Events.MessageBulkDelete, onBulkDelete);
    client.off(Events.ShardReady, onReady);
  };
}
