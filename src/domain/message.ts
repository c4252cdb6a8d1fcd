import { z } from 'zod';
import { DM_GUILD_ID } from './direct-message.ts';
import { MessageEvent, MessagePart } from './message-parts.ts';

const SNOWFLAKE_DIGITS = /^[1-9]\d{0,19}$/;
const MAX_SNOWFLAKE = 0xffff_ffff_ffff_ffffn;

/**
 * A Discord id: an unsigned 64-bit integer written in decimal, with no leading zero
 * (https://discord.com/developers/docs/reference#snowflakes).
 */
export const Snowflake = z
  .string()
  .regex(SNOWFLAKE_DIGITS, 'expected a Discord snowflake (digits only, no leading zero)')
  // zod runs every check, so this one must not assume the pattern held.
  .refine(
    (id) => !SNOWFLAKE_DIGITS.test(id) || BigInt(id) <= MAX_SNOWFLAKE,
    'expected a Discord snowflake (at most 2^64 - 1)',
  );
export type Snowflake = z.infer<typeof Snowflake>;

/** The author of a message as Ery sees it. */
export const ChatAuthor = z.object({
  id: Snowflake,
  /** Display name in the server (nickname, else global name, else username). */
  name: z.string().min(1),
  bot: z.boolean(),
});
export type ChatAuthor = z.infer<typeof ChatAuthor>;

/**
 * A reaction someone added to one of Ery's own messages (Discord MESSAGE_REACTION_ADD, issue 12 §1),
 * passed on as an item of a batch: never a message, never a request, never addressing Ery by itself.
 * `emoji` is the unicode emoji, or `name:id` for a custom one.
 */
export const MessageReaction = z.object({
  emoji: z.string().min(1).max(100),
  /** The id of Ery's message that was reacted to. */
  messageId: Snowflake,
});
export type MessageReaction = z.infer<typeof MessageReaction>;

/**
 * A member who joined the server (Discord GUILD_MEMBER_ADD, issue 12 §1), passed to the welcome
 * channel's actor as an item of a batch so the model writes a welcome: never a message, never a
 * request. `instruction` is the server policy's welcome instruction, written by its moderators.
 */
export const MemberJoin = z.object({
  instruction: z.string().max(1_000),
});
export type MemberJoin = z.infer<typeof MemberJoin>;

/**
 * A channel message normalised from the Discord gateway. This is the only message shape the
 * rest of Ery sees; `src/discord` builds it and validates it with this schema.
 */
export const ChatMessage = z.object({
  id: Snowflake,
  channelId: Snowflake,
  /** The server's id, or {@link DM_GUILD_ID} (`@me`) for a direct message, which has no server. */
  guildId: z.union([Snowflake, z.literal(DM_GUILD_ID)]),
  author: ChatAuthor,
  content: z.string(),
  mentions: z.object({
    users: z.array(Snowflake),
    roles: z.array(Snowflake),
    everyone: z.boolean(),
  }),
  /** Id of the message this one replies to, if any. */
  replyToId: Snowflake.nullable(),
  /**
   * True when the message addresses Ery: it mentions Ery's user or Ery's role, or it replies to
   * one of Ery's messages; every message of a direct message does. Such a message starts a thread at once.
   */
  mentionsBot: z.boolean(),
  /** When Discord created the message, in ms since the epoch. */
  createdAt: z.number().int().nonnegative(),
  /**
   * What the message carries besides `content`: forwards, attachments, voice, stickers, a poll,
   * embeds. Absent when there is none (and in batches saved before Ery read them).
   */
  parts: z.array(MessagePart).optional(),
  /**
   * Set when this is a system message passed on as an event (a pin, a join, an AutoMod alert):
   * then `content` is empty, `mentionsBot` false and `replyToId` null; it is never a request.
   */
  event: MessageEvent.optional(),
  /**
   * Set when this item is a reaction on one of Ery's messages, not a message: then `author` is who
   * reacted, `content` is empty, `mentionsBot` false, `replyToId` null, and `id` a snowflake made
   * from when Ery saw it (Discord gives a reaction none). See {@link MessageReaction}.
   */
  reaction: MessageReaction.optional(),
  /**
   * Set when this item is a member joining, not a message: then `author` is who joined, `content`
   * is empty, `mentionsBot` false, `replyToId` null, and `id` a snowflake made from when they joined.
   * See {@link MemberJoin}.
   */
  join: MemberJoin.optional(),
  /** When the message was last edited (ms since the epoch); absent when it never was. */
  editedAt: z.number().int().nonnegative().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;
