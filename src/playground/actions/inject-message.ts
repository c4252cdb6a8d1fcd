/**
 * Injecting a message exactly as Discord would send it: any message type, any raw fields. For tests
 * that replay real gateway payloads (forwards, polls, voice messages, pin notices, AutoMod alerts...)
 * through the real discord.js client; people post with `createMessage` instead.
 */
import { Errors } from '../errors.ts';
import type { MessageRecord } from '../records.ts';
import type { ActionContext } from './context.ts';
import { parseMentions } from './mentions.ts';
import { publishMessage } from './messages.ts';

/** A message to inject: who, where, and Discord's JSON for the rest. */
export interface InjectMessageInput {
  channelId: string;
  /** The message's `author`: any user the playground knows (for a system message, whom it is about). */
  authorId: string;
  /** Discord's message type (default 0). */
  type?: number;
  /** Default "". `<@id>`, `<@&id>` and `@everyone` in it become the message's mentions, unfiltered. */
  content?: string;
  /**
   * Raw Discord message fields sent as given, e.g. `flags`, `message_reference`, `message_snapshots`,
   * `attachments`, `embeds`, `sticker_items`, `poll`, `interaction_metadata`. They win over the
   * fields the playground builds (id, author and timestamp excepted).
   */
  fields?: Record<string, unknown>;
}

/** Fields that identify the message: the playground keeps them its own so history stays consistent. */
const OWN_FIELDS = ['id', 'channel_id', 'guild_id', 'author', 'timestamp'];

/**
 * Stores the message so REST history returns it, and dispatches it as MESSAGE_CREATE. No permission
 * checks: Discord itself is the author of system messages. Throws `ApiError` 10003 for an unknown
 * channel and 10013 for an unknown author.
 */
export function injectMessage(ctx: ActionContext, input: InjectMessageInput): MessageRecord {
  const channel = ctx.store.channel(input.channelId);
  if (!channel) throw Errors.unknownChannel();
  if (!ctx.store.user(input.authorId)) throw Errors.unknownUser();
  const content = input.content ?? '';
  const parsed = parseMentions(content);
  const rawFields = Object.fromEntries(
    Object.entries(input.fields ?? {}).filter(([key]) => !OWN_FIELDS.includes(key)),
  );
  const message: MessageRecord = {
    id: ctx.ids.next(),
    channelId: channel.id,
    guildId: channel.guildId,
    authorId: input.authorId,
    content,
    type: input.type ?? 0,
    createdAt: ctx.now(),
    editedAt: null,
    // A reference travels in `fields` as sent; the playground nests no `referenced_message` itself.
    referencedMessageId: null,
    mentionUserIds: parsed.users.filter((id) => ctx.store.member(channel.guildId, id) !== undefined),
    mentionRoleIds: parsed.roles.filter((id) => ctx.store.role(id)?.guildId === channel.guildId),
    mentionEveryone: parsed.everyone,
    nonce: null,
    reactions: [],
    rawFields,
  };
  publishMessage(ctx, message);
  return message;
}
