import { ChannelType, type Guild, type Message } from 'discord.js';
import { DM_GUILD_ID } from '../domain/direct-message.ts';
import type { ChatMessage } from '../domain/message.ts';
import { validateChatMessage } from '../domain/validated-message.ts';
import type { Logger } from '../logger.ts';
import { step } from './abort.ts';
import { authorName } from './info.ts';
import { type MessageBody, readMessageBody } from './message-body.ts';

/**
 * Why a gateway message did not become a {@link ChatMessage}: neither in a server nor in a DM (a
 * group DM), a shape that does not validate, or a system message type Ery drops (see
 * message-types.ts).
 */
export type NormaliseSkip = 'not_in_guild' | 'invalid' | 'dropped_type';

/** The outcome of {@link normaliseMessage}: a validated message, or why there is none. */
export type NormaliseResult =
  | { ok: true; message: ChatMessage }
  | { ok: false; reason: NormaliseSkip; detail: string };

/** What {@link normaliseMessage} needs to know about Ery. */
export interface NormaliseContext {
  /** Ery's own user id. */
  botUserId: string;
  /** For the reasons behind a best-effort lookup failing; nothing else is logged here. */
  logger?: Logger;
  /** Bounds the fetch of a replied-to message that is not cached. */
  signal?: AbortSignal;
}

/** Roles that stand for Ery: the ones its member holds, and its managed (integration) role. */
function botRoleIds(guild: Guild, botUserId: string): Set<string> {
  const ids = new Set<string>(guild.members.me?.roles.cache.keys() ?? []);
  const managed = guild.roles.botRoleFor(botUserId);
  if (managed) ids.add(managed.id);
  ids.delete(guild.id); // @everyone is its own flag, not a mention of Ery.
  return ids;
}

/**
 * Whether the message `message` replies to is Ery's. Real Discord keeps a reply's fields consistent;
 * Ery does not rely on it (issue 7, adversarial review): a reference to another channel is never a
 * reply to Ery (a reply lives in its target's channel), and a payload that names Ery as the replied
 * author (`referenced_message.author`) is checked against the referenced message fetched by its
 * `message_reference` id, since discord.js caches `referenced_message` as given. A payload naming
 * someone else is taken at its word: that only makes the message not address Ery. Without
 * `referenced_message`, the cache, else a fetch, says who wrote it. Unresolvable means not Ery.
 */
async function repliesToBot(
  message: Message,
  replyToId: string,
  context: NormaliseContext,
): Promise<boolean> {
  const { botUserId } = context;
  const reference = message.reference;
  if (reference?.channelId && reference.channelId !== message.channelId) return false;
  const fromPayload = message.mentions.repliedUser?.id;
  if (fromPayload !== undefined && fromPayload !== botUserId) return false;
  if (fromPayload === undefined) {
    // A forward's snapshot is cached under the original's id with no author (discord.js): fetch then.
    const cached = message.channel.messages.cache.get(replyToId);
    if (cached?.author) return cached.author.id === botUserId;
  }
  try {
    const referenced = await step(context.signal, () =>
      message.channel.messages.fetch({ message: replyToId, force: true }),
    );
    return referenced.author.id === botUserId;
  } catch (error) {
    context.logger?.debug(
      { event: 'discord.reply_target.unresolved', messageId: message.id, replyToId, err: error },
      'could not resolve the author of a replied-to message; treating it as not Ery',
    );
    return false;
  }
}

/**
 * Whether `message` addresses Ery. In a DM every message does (issue 12 §4: nobody mentions the one
 * they are talking to); in a server, a mention of Ery's user or one of its roles, or a reply to it.
 */
async function addressesBot(message: Message, replyToId: string | null, context: NormaliseContext) {
  if (!message.inGuild()) return true;
  const { botUserId } = context;
  const ownRoles = botRoleIds(message.guild, botUserId);
  return (
    message.mentions.users.has(botUserId) ||
    message.mentions.roles.some((_role, id) => ownRoles.has(id)) ||
    (replyToId !== null && (await repliesToBot(message, replyToId, context)))
  );
}

async function build(
  message: Message,
  body: Exclude<MessageBody, { kind: 'drop' }>,
  context: NormaliseContext,
): Promise<unknown> {
  const base = {
    id: message.id,
    channelId: message.channelId,
    guildId: message.guildId ?? DM_GUILD_ID,
    author: { id: message.author.id, name: authorName(message), bot: message.author.bot },
    createdAt: message.createdTimestamp,
  };
  if (body.kind === 'event') {
    // A system message is never someone speaking to Ery: no mentions, no reply, never addressed.
    const mentions = { users: [], roles: [], everyone: false };
    return { ...base, content: '', mentions, replyToId: null, mentionsBot: false, event: body.event };
  }
  const users = [...message.mentions.users.keys()];
  const roles = [...message.mentions.roles.keys()];
  const { replyToId } = body;
  const mentionsBot = await addressesBot(message, replyToId, context);
  return {
    ...base,
    content: body.content,
    mentions: { users, roles, everyone: message.mentions.everyone },
    replyToId,
    mentionsBot,
    ...(body.parts ? { parts: body.parts } : {}),
  };
}

/**
 * Turns a discord.js message into Ery's {@link ChatMessage}, validated with its zod schema: chat
 * (DEFAULT and REPLY) with its non-text parts, or a system message as an event that never addresses
 * Ery. A direct message (DM channel, type 1) gets `guildId` {@link DM_GUILD_ID} and always
 * addresses Ery; whether it is answered is the caller's decision (./direct-messages.ts). Never
 * throws: a group DM, a dropped system type or a message that does not validate comes back as
 * `{ ok: false }` for the caller to log and skip; a malformed part is left out and logged.
 */
export async function normaliseMessage(
  message: Message,
  context: NormaliseContext,
): Promise<NormaliseResult> {
  try {
    if (!message.inGuild() && message.channel?.type !== ChannelType.DM) {
      return {
        ok: false,
        reason: 'not_in_guild',
        detail: `message ${message.id} is neither in a server nor in a direct message`,
      };
    }
    const body = readMessageBody(message, context.logger);
    if (body.kind === 'drop') {
      return { ok: false, reason: 'dropped_type', detail: `message ${message.id} is of type ${body.type}` };
    }
    const parsed = validateChatMessage(await build(message, body, context));
    if (parsed.success) return { ok: true, message: parsed.data };
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    return { ok: false, reason: 'invalid', detail };
  } catch (error) {
    // discord.js getters can throw on half-built structures; a bad message must not stop the feed.
    return { ok: false, reason: 'invalid', detail: error instanceof Error ? error.message : String(error) };
  }
}
