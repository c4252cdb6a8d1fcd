/**
 * What the playground stores. Records are the server's own model (bigint permissions, ms times);
 * `serialize.ts` turns them into Discord's JSON shapes.
 */
import type { Overwrite } from './permissions.ts';

/** A Discord user (people and bots alike). */
export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

/** A guild role; the @everyone role has the guild's id and position 0. */
export interface RoleRecord {
  id: string;
  guildId: string;
  name: string;
  color: number;
  hoist: boolean;
  position: number;
  permissions: bigint;
  /** Managed roles (a bot's own role) cannot be given or taken by anyone. */
  managed: boolean;
  mentionable: boolean;
  /** For a bot's managed role: the bot's user id (Discord's `tags.bot_id`). */
  botId?: string;
}

/** A guild text channel (type 0, the only kind the playground has). */
export interface ChannelRecord {
  id: string;
  guildId: string;
  name: string;
  type: 0;
  position: number;
  topic: string | null;
  overwrites: Overwrite[];
  lastMessageId: string | null;
}

/** A user's membership of a guild. */
export interface MemberRecord {
  guildId: string;
  userId: string;
  nick: string | null;
  /** Role ids other than @everyone. */
  roleIds: string[];
  joinedAt: number;
  /** Timeout end (ms since the epoch) or null. A past value means the timeout is over. */
  communicationDisabledUntil: number | null;
}

/** A guild. */
export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  systemChannelId: string | null;
  createdAt: number;
}

/** A ban. */
export interface BanRecord {
  guildId: string;
  userId: string;
  reason: string | null;
  actorId: string;
  at: number;
}

/** An emoji as Discord names it: unicode ones have `id: null`. */
export interface EmojiRef {
  id: string | null;
  name: string;
}

/** The users who reacted with one emoji, in order. */
export interface ReactionRecord {
  emoji: EmojiRef;
  userIds: string[];
}

/** A message. `type` is Discord's message type: 0 default, 19 reply; others only when injected. */
export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string;
  authorId: string;
  content: string;
  type: number;
  createdAt: number;
  editedAt: number | null;
  /** The message this replies to, or null. */
  referencedMessageId: string | null;
  /** User ids that were mentioned (after allowed_mentions filtering, as Discord does). */
  mentionUserIds: string[];
  mentionRoleIds: string[];
  mentionEveryone: boolean;
  nonce: string | number | null;
  reactions: ReactionRecord[];
  /**
   * Discord JSON fields the playground does not model (flags, `message_reference`,
   * `message_snapshots`, attachments, embeds, `sticker_items`, poll...), sent as given on top of the
   * modelled ones in REST and gateway alike. Only injected messages have them.
   */
  rawFields?: Record<string, unknown>;
}

/** Audit log action types the playground records (Discord's numbers). */
export const AuditLogAction = {
  MemberKick: 20,
  MemberBanAdd: 22,
  MemberBanRemove: 23,
  MemberUpdate: 24,
  MemberRoleUpdate: 25,
  MessageDelete: 72,
  MessageBulkDelete: 73,
} as const;

/** One audit log row, kept with the reason from `X-Audit-Log-Reason`. */
export interface AuditLogRecord {
  id: string;
  guildId: string;
  actionType: (typeof AuditLogAction)[keyof typeof AuditLogAction];
  actorId: string;
  targetId: string | null;
  reason: string | null;
  changes: Array<{ key: string; old_value?: unknown; new_value?: unknown }>;
  /** Discord's "optional audit entry info" (strings), e.g. `channel_id` and `count` of a message delete. */
  options?: Record<string, string>;
  at: number;
}
