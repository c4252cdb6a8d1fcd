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

/**
 * Discord's channel types the playground has: 0 guild text, 1 DM, 11 public thread, 12 private
 * thread, 15 forum (https://discord.com/developers/docs/resources/channel#channel-object-channel-types).
 */
export const ChannelKind = { Text: 0, DM: 1, PublicThread: 11, PrivateThread: 12, Forum: 15 } as const;

/**
 * The `guildId` of a DM channel and of its messages: they belong to no guild. Serialisers leave
 * `guild_id` out for it, as Discord does, and the gateway sends them to the DM's recipients only.
 */
export const NO_GUILD = '';
/** One of {@link ChannelKind}. */
export type ChannelKindValue = (typeof ChannelKind)[keyof typeof ChannelKind];

/** Whether a channel type is a thread's (public or private); a forum post is a public thread. */
export const isThreadType = (type: number): type is 11 | 12 =>
  type === ChannelKind.PublicThread || type === ChannelKind.PrivateThread;

/**
 * A thread's own state (Discord's `thread_metadata` plus owner and members). Archiving keeps every
 * message; a locked thread takes messages and unarchiving only from members with Manage Threads.
 */
export interface ThreadState {
  ownerId: string;
  archived: boolean;
  locked: boolean;
  /** Minutes without activity before Discord archives it: 60, 1440, 4320 or 10080. */
  autoArchiveMinutes: number;
  /** When `archived` last changed (ms since the epoch); Discord's `archive_timestamp`. */
  archiveChangedAt: number;
  createdAt: number;
  /** Users who joined it; a private thread is visible to these and to thread managers only. */
  memberIds: string[];
  /** Messages sent in it, the starter excluded (Discord's `message_count`). */
  messageCount: number;
}

/**
 * A guild channel: text (0), forum (15), or a thread (11, 12) under a text or forum `parentId`. A
 * thread has no overwrites of its own: its permissions are its parent's. Or a DM (1) between two
 * users, `recipientIds`, with `guildId` {@link NO_GUILD}, no name and no overwrites.
 */
export interface ChannelRecord {
  id: string;
  /** The guild's id; {@link NO_GUILD} for a DM. */
  guildId: string;
  name: string;
  type: ChannelKindValue;
  position: number;
  topic: string | null;
  overwrites: Overwrite[];
  lastMessageId: string | null;
  /** The parent of a thread or forum post; absent (null) for other channels. */
  parentId?: string | null;
  /** Present on threads only. */
  thread?: ThreadState;
  /** Slowmode, seconds between one member's messages (Discord's `rate_limit_per_user`); 0 when absent. */
  rateLimitPerUser?: number;
  nsfw?: boolean;
  /** A DM's two users; present on DMs only. */
  recipientIds?: string[];
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
  /** The channel's guild; {@link NO_GUILD} in a DM. */
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
