/**
 * How a message's life is announced: the gateway dispatch each session may see (MESSAGE_CREATE,
 * MESSAGE_UPDATE, MESSAGE_DELETE, MESSAGE_DELETE_BULK, to sessions with GuildMessages that can see
 * the channel) and the playground event the web chat and tests follow.
 */
import type { EventMessage } from '../events.ts';
import { Intents } from '../gateway.ts';
import { type MessageRecord, NO_GUILD } from '../records.ts';
import { apiMessage } from '../serialize-message.ts';
import { type ActionContext, eventRole, eventUser } from './context.ts';

/**
 * Sends the whole message as `t` (Discord sends full messages on update too). Sessions without
 * MESSAGE_CONTENT see empty content unless they wrote the message or it mentions them, as on Discord.
 */
export function dispatchMessage(
  ctx: ActionContext,
  t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE',
  message: MessageRecord,
): void {
  const direct = message.guildId === NO_GUILD;
  ctx.gateway.dispatch({
    t,
    guildId: message.guildId,
    // A DM reaches sessions with DIRECT_MESSAGES, and its content needs no MESSAGE_CONTENT there
    // (Discord: apps always receive the content of their own DMs).
    intent: direct ? Intents.DirectMessages : Intents.GuildMessages,
    channelId: message.channelId,
    build: (session) => {
      const canRead =
        direct ||
        (session.intents & Intents.MessageContent) !== 0 ||
        message.authorId === session.userId ||
        message.mentionUserIds.includes(session.userId);
      return apiMessage(ctx.store, message, {
        viewerId: session.userId,
        gateway: true,
        hideContent: !canRead,
      });
    },
  });
}

/** `guild_id` for a dispatch about a guild's channel; none for a DM, as Discord sends it. */
export function guildField(guildId: string): { guild_id?: string } {
  return guildId === NO_GUILD ? {} : { guild_id: guildId };
}

/** The intent a message dispatch needs: DIRECT_MESSAGES in a DM, GUILD_MESSAGES elsewhere. */
function messageIntent(guildId: string): number {
  return guildId === NO_GUILD ? Intents.DirectMessages : Intents.GuildMessages;
}

/**
 * Announces messages already gone from the store, deleted by `actorId`: one MESSAGE_DELETE each, or
 * with `bulk` one MESSAGE_DELETE_BULK per channel, and one
 * `message.deleted` event per message either way, so a chat view removes each.
 */
export function announceDeleted(
  ctx: ActionContext,
  actorId: string,
  deleted: readonly MessageRecord[],
  options: { bulk: boolean },
): void {
  if (options.bulk) {
    const byChannel = Map.groupBy(deleted, (m) => m.channelId);
    for (const [channelId, messages] of byChannel) {
      const guildId = (messages[0] as MessageRecord).guildId;
      ctx.gateway.dispatch({
        t: 'MESSAGE_DELETE_BULK',
        guildId,
        intent: messageIntent(guildId),
        channelId,
        build: () => ({ ids: messages.map((m) => m.id), channel_id: channelId, ...guildField(guildId) }),
      });
    }
  } else {
    for (const m of deleted) {
      ctx.gateway.dispatch({
        t: 'MESSAGE_DELETE',
        guildId: m.guildId,
        intent: messageIntent(m.guildId),
        channelId: m.channelId,
        build: () => ({ id: m.id, channel_id: m.channelId, ...guildField(m.guildId) }),
      });
    }
  }
  for (const m of deleted) {
    ctx.events.emit({
      type: 'message.deleted',
      actorId,
      guildId: m.guildId,
      channelId: m.channelId,
      messageId: m.id,
      bulk: options.bulk,
    });
  }
}

/** A message as events (and the web chat) show it. */
export function eventMessage(ctx: ActionContext, m: MessageRecord): EventMessage {
  const replied = m.referencedMessageId ? ctx.store.message(m.referencedMessageId) : undefined;
  return {
    id: m.id,
    channelId: m.channelId,
    guildId: m.guildId,
    author: eventUser(ctx, m.guildId, m.authorId),
    content: m.content,
    createdAt: m.createdAt,
    editedAt: m.editedAt,
    replyTo: replied
      ? { id: replied.id, author: eventUser(ctx, m.guildId, replied.authorId), content: replied.content }
      : null,
    mentions: {
      users: m.mentionUserIds.map((id) => eventUser(ctx, m.guildId, id)),
      roles: m.mentionRoleIds.map((id) => eventRole(ctx, id)),
      everyone: m.mentionEveryone,
    },
    nonce: m.nonce,
  };
}
