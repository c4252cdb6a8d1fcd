/** Creating messages and adding reactions, with Discord's checks, dispatches and events. */
import type { AttachmentJson } from '../attachments.ts';
import { Errors } from '../errors.ts';
import { Intents } from '../gateway.ts';
import { PermissionBits } from '../permissions.ts';
import { type EmojiRef, type MessageRecord, NO_GUILD } from '../records.ts';
import { apiMember } from '../serialize.ts';
import { type ActionContext, eventUser, requireChannelAccess, requireChannelPermission } from './context.ts';
import type { AllowedMentionsInput } from './mentions.ts';
import { checkContent, messageMentions } from './message-content.ts';
import { dispatchMessage, eventMessage, guildField } from './message-events.ts';
import { countThreadMessage, prepareThreadMessage, sendPermission } from './threads.ts';

/** How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes"). */
export const NONCE_WINDOW_MS = 5 * 60_000;

/** A message to create, in Discord's request terms. */
export interface CreateMessageInput {
  content: string;
  replyToId?: string;
  /** `message_reference.fail_if_not_exists` (default true). */
  failIfNotExists?: boolean;
  allowedMentions?: AllowedMentionsInput;
  nonce?: string | number;
  enforceNonce?: boolean;
  /** The id to give it (a forum post's first message shares the post's id); a new one by default. */
  id?: string;
  /** Files already on the attachment host (Discord's attachment objects); needs Attach Files. */
  attachments?: AttachmentJson[];
}

/** The result: the message, and whether it already existed (nonce replay). */
export interface CreatedMessage {
  message: MessageRecord;
  replayed: boolean;
}

/**
 * Creates a message as `actorId`: needs ViewChannel (50001) and SendMessages (50013), plus
 * ReadMessageHistory to reply, AttachFiles (50013) for files. With `enforceNonce`, returns the message the same author already
 * created with that nonce in this channel instead of a second one.
 */
export function createMessage(
  ctx: ActionContext,
  actorId: string,
  channelId: string,
  input: CreateMessageInput,
): CreatedMessage {
  const channel = requireChannelAccess(ctx, channelId, actorId);
  requireChannelPermission(ctx, channelId, actorId, sendPermission(channel));
  validateNonce(input.nonce);
  if (input.enforceNonce && input.nonce !== undefined) {
    const since = ctx.now() - NONCE_WINDOW_MS;
    const previous = [...ctx.store.messages(channelId)]
      .reverse()
      .find((m) => m.authorId === actorId && m.nonce === input.nonce && m.createdAt >= since);
    if (previous) return { message: previous as MessageRecord, replayed: true };
  }
  const files = input.attachments ?? [];
  if (files.length > 0) requireChannelPermission(ctx, channelId, actorId, PermissionBits.AttachFiles);
  checkContent(input.content, files.length > 0);
  let replyTo: MessageRecord | undefined;
  if (input.replyToId !== undefined) {
    requireChannelPermission(ctx, channelId, actorId, PermissionBits.ReadMessageHistory);
    replyTo = ctx.store.messageRecord(input.replyToId);
    if (!replyTo || replyTo.channelId !== channelId) {
      replyTo = undefined;
      if (input.failIfNotExists !== false) {
        throw Errors.invalidForm('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
      }
    }
  }
  prepareThreadMessage(ctx, channel, actorId);
  const message: MessageRecord = {
    id: input.id ?? ctx.ids.next(),
    channelId,
    guildId: channel.guildId,
    authorId: actorId,
    content: input.content,
    type: replyTo ? 19 : 0,
    createdAt: ctx.now(),
    editedAt: null,
    referencedMessageId: replyTo?.id ?? null,
    ...messageMentions(
      ctx,
      channel,
      actorId,
      input.content,
      input.allowedMentions,
      replyTo?.authorId ?? null,
    ),
    nonce: input.nonce ?? null,
    reactions: [],
    ...(files.length > 0 ? { rawFields: { attachments: files } } : {}),
  };
  publishMessage(ctx, message);
  return { message, replayed: false };
}

/**
 * Stores a new message and announces it: MESSAGE_CREATE to every session that may see it (content
 * hidden from sessions without MESSAGE_CONTENT that are neither its author nor mentioned, as Discord
 * does) and `message.created` to the event log.
 */
export function publishMessage(ctx: ActionContext, message: MessageRecord): void {
  ctx.store.putMessage(message);
  countThreadMessage(ctx, message);
  dispatchMessage(ctx, 'MESSAGE_CREATE', message);
  ctx.events.emit({
    type: 'message.created',
    actorId: message.authorId,
    guildId: message.guildId,
    channelId: message.channelId,
    message: eventMessage(ctx, message),
  });
}

function validateNonce(nonce: unknown): void {
  if (nonce === undefined) return;
  const ok =
    (typeof nonce === 'string' && nonce.length <= 25) ||
    (typeof nonce === 'number' && Number.isInteger(nonce));
  if (!ok) throw Errors.invalidForm('nonce', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
}

/**
 * Parses the emoji path segment of the reactions route: percent-decoded, `name:id` for custom
 * emoji (the playground has none, so those are 10014 Unknown Emoji).
 */
export function parseEmoji(segment: string): EmojiRef {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw Errors.unknownEmoji();
  }
  const custom = /^a?:?([\w~]+):(\d+)$/.exec(decoded);
  if (custom) throw Errors.unknownEmoji();
  if (decoded === '' || /^[\w\s]+$/.test(decoded) || decoded.length > 32) throw Errors.unknownEmoji();
  return { id: null, name: decoded };
}

/**
 * Adds `actorId`'s reaction. Needs ReadMessageHistory, and AddReactions when nobody has used that
 * emoji on the message yet. Reacting twice is a no-op, as on Discord.
 */
export function addReaction(
  ctx: ActionContext,
  actorId: string,
  channelId: string,
  messageId: string,
  emoji: EmojiRef,
): void {
  const channel = requireChannelAccess(ctx, channelId, actorId, PermissionBits.ReadMessageHistory);
  const message = ctx.store.messageRecord(messageId);
  if (!message || message.channelId !== channelId) throw Errors.unknownMessage();
  const same = (e: EmojiRef) => e.id === emoji.id && (emoji.id !== null || e.name === emoji.name);
  let reaction = message.reactions.find((r) => same(r.emoji));
  if (!reaction) {
    requireChannelPermission(ctx, channelId, actorId, PermissionBits.AddReactions);
    reaction = { emoji, userIds: [] };
    message.reactions.push(reaction);
  }
  if (reaction.userIds.includes(actorId)) return;
  reaction.userIds.push(actorId);
  ctx.store.updateMessage(message);
  const member = ctx.store.member(channel.guildId, actorId);
  const direct = channel.guildId === NO_GUILD;
  ctx.gateway.dispatch({
    t: 'MESSAGE_REACTION_ADD',
    guildId: channel.guildId,
    intent: direct ? Intents.DirectMessageReactions : Intents.GuildMessageReactions,
    channelId,
    build: () => ({
      user_id: actorId,
      channel_id: channelId,
      message_id: messageId,
      ...guildField(channel.guildId),
      message_author_id: message.authorId,
      ...(member ? { member: apiMember(ctx.store, member) } : {}),
      emoji: { id: emoji.id, name: emoji.name },
      burst: false,
      burst_colors: [],
      type: 0,
    }),
  });
  ctx.events.emit({
    type: 'reaction.added',
    actorId,
    guildId: channel.guildId,
    channelId,
    messageId,
    emoji: { id: emoji.id, name: emoji.name },
    user: eventUser(ctx, channel.guildId, actorId),
  });
}

/** "Is typing…": needs SendMessages; tells sessions with the typing intent and the event log. */
export function startTyping(ctx: ActionContext, actorId: string, channelId: string): void {
  const channel = requireChannelAccess(ctx, channelId, actorId);
  requireChannelPermission(ctx, channelId, actorId, sendPermission(channel));
  const member = ctx.store.member(channel.guildId, actorId);
  ctx.gateway.dispatch({
    t: 'TYPING_START',
    guildId: channel.guildId,
    intent: channel.guildId === NO_GUILD ? Intents.DirectMessageTyping : Intents.GuildMessageTyping,
    channelId,
    build: () => ({
      channel_id: channelId,
      ...guildField(channel.guildId),
      user_id: actorId,
      timestamp: Math.floor(ctx.now() / 1000),
      ...(member ? { member: apiMember(ctx.store, member) } : {}),
    }),
  });
  ctx.events.emit({
    type: 'typing.started',
    actorId,
    guildId: channel.guildId,
    channelId,
    user: eventUser(ctx, channel.guildId, actorId),
  });
}
