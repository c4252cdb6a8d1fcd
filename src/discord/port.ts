/**
 * The `DiscordActions` port: every Discord REST operation Ery's tools need, in Ery's own types.
 * Tools and the agent depend on this interface only; `src/discord` implements it with discord.js.
 * Every method takes an optional `AbortSignal` and honours it. Failures are thrown as
 * {@link DiscordActionError} (see ./errors.ts), never as discord.js errors.
 */

import type { MessageEvent, MessagePart } from '../domain/message-parts.ts';

/** Mentions Discord may turn into pings; everything else is sent inert. */
export interface AllowedMentions {
  /** Which mention kinds may ping: user mentions, role mentions, @everyone/@here. */
  parse: Array<'users' | 'roles' | 'everyone'>;
}

export interface SendMessageInput {
  channelId: string;
  content: string;
  /** Replies to this message (Discord `message_reference`). */
  replyToId?: string;
  /**
   * Idempotency key (at most 25 characters). Sent with `enforce_nonce: true` so a retry after a
   * crash returns the message already created instead of creating a second one.
   */
  nonce?: string;
  /** Defaults to users only: no @everyone, @here or role pings. */
  allowedMentions?: AllowedMentions;
}

export interface SentMessage {
  id: string;
  channelId: string;
  content: string;
  createdAt: number;
}

export interface HistoryMessage {
  id: string;
  channelId: string;
  author: { id: string; name: string; bot: boolean };
  content: string;
  replyToId: string | null;
  createdAt: number;
  /** What the message carries besides its text (forwards, attachments, polls...), when anything. */
  parts?: MessagePart[];
  /** Set for a system message (a pin, a join): then it is an event, not its author speaking. */
  event?: MessageEvent;
  /** When it was last edited (ms since the epoch); absent when it never was (issue 12 §1). */
  editedAt?: number;
  /**
   * Set when the message was deleted after Ery saw it (issue 12 §1): history keeps its place, who
   * wrote it and when, but not its text or parts (the author took them back).
   */
  deleted?: true;
}

export interface RoleInfo {
  id: string;
  name: string;
  /** Higher is more powerful; @everyone is 0. */
  position: number;
  /** Permission names held by the role, e.g. `BanMembers`. */
  permissions: string[];
  managed: boolean;
}

export interface MemberInfo {
  guildId: string;
  userId: string;
  username: string;
  displayName: string;
  bot: boolean;
  /** Roles other than @everyone, highest first. */
  roles: RoleInfo[];
  /** Position of the member's highest role (0 when only @everyone). */
  highestRolePosition: number;
  isOwner: boolean;
  /** Effective guild-level permission names (Administrator implies all). */
  permissions: string[];
  joinedAt: number | null;
  /** Timeout end in ms since the epoch, or null when not timed out. */
  communicationDisabledUntil: number | null;
}

export interface GuildInfo {
  id: string;
  name: string;
  ownerId: string;
  memberCount: number;
  /** Members currently cached as online, when presence is known; else null. */
  onlineCount: number | null;
  channelCount: number;
  roles: RoleInfo[];
  createdAt: number;
}

/** A channel's kind in Ery's words (Discord's channel types 0, 5, 15, 11, 12, 10 and the rest). */
export type ChannelKindName =
  | 'text'
  | 'announcement'
  | 'forum'
  | 'public_thread'
  | 'private_thread'
  | 'announcement_thread'
  | 'other';

/** A guild channel or thread as the information tools describe it. */
export interface ChannelInfo {
  id: string;
  guildId: string;
  name: string;
  type: ChannelKindName;
  /** The channel's topic; null for threads and channels without one. */
  topic: string | null;
  /** A thread's (or forum post's) parent channel, a channel's category; null for neither. */
  parentId: string | null;
  /** Threads only: archived and locked; null for other channels. */
  archived: boolean | null;
  locked: boolean | null;
  /** Slowmode: seconds a member waits between messages (0 for none). */
  slowmodeSeconds: number;
  nsfw: boolean;
}

/** The threads of one channel (`listThreads`). */
export interface ChannelThreads {
  /** Active threads whose parent is the channel, oldest first. */
  active: ChannelInfo[];
  /** Archived public threads of the channel, most recently archived first (at most 50). */
  archived: ChannelInfo[];
}

/** Where a page of history is read from: the newest, or one side of (or around) a message id. */
export interface HistoryPage {
  channelId: string;
  limit: number;
  /** At most one of these, as Discord's Get Channel Messages requires. */
  before?: string;
  after?: string;
  around?: string;
}

/** Every REST operation Ery's tools perform on Discord. */
export interface DiscordActions {
  /** Ery's own user id (known once logged in). */
  readonly botUserId: string;
  sendMessage(input: SendMessageInput, signal?: AbortSignal): Promise<SentMessage>;
  /**
   * Shows "Ery is typing…" in the channel (Discord `POST /channels/{channel.id}/typing`). Discord
   * shows it for about 10 s, or until Ery's next message there; send it again to keep it up.
   */
  sendTyping(input: { channelId: string }, signal?: AbortSignal): Promise<void>;
  addReaction(
    input: { channelId: string; messageId: string; emoji: string },
    signal?: AbortSignal,
  ): Promise<void>;
  /**
   * Up to `limit` (clamped to 1–100) messages before `before`, after `after` or around `around`
   * (at most one of them: `INVALID_FORM` otherwise), or the latest ones; oldest first.
   */
  fetchMessages(input: HistoryPage, signal?: AbortSignal): Promise<HistoryMessage[]>;
  fetchMessage(
    input: { channelId: string; messageId: string },
    signal?: AbortSignal,
  ): Promise<HistoryMessage>;
  /** A channel or thread of a server Ery is in (`UNKNOWN_CHANNEL` otherwise). */
  getChannel(input: { channelId: string }, signal?: AbortSignal): Promise<ChannelInfo>;
  /** The active threads of a channel and its recently archived public ones. */
  listThreads(input: { channelId: string }, signal?: AbortSignal): Promise<ChannelThreads>;
  /**
   * Starts a public thread from message `messageId` of channel `channelId` (Discord's Start Thread
   * from Message), named `name` (cut to 100 characters); the thread takes the message's id.
   */
  startThread(
    input: { channelId: string; messageId: string; name: string },
    signal?: AbortSignal,
  ): Promise<ChannelInfo>;
  /** Whether member `userId` can view channel `channelId` (its permissions there, overwrites applied). */
  canView(input: { channelId: string; userId: string }, signal?: AbortSignal): Promise<boolean>;
  getMember(input: { guildId: string; userId: string }, signal?: AbortSignal): Promise<MemberInfo>;
  getGuild(input: { guildId: string }, signal?: AbortSignal): Promise<GuildInfo>;
  ban(
    input: { guildId: string; userId: string; reason: string; deleteMessageSeconds?: number },
    signal?: AbortSignal,
  ): Promise<void>;
  kick(input: { guildId: string; userId: string; reason: string }, signal?: AbortSignal): Promise<void>;
  /** Sets (or with `until: null` clears) a member's timeout. */
  timeout(
    input: { guildId: string; userId: string; until: number | null; reason: string },
    signal?: AbortSignal,
  ): Promise<void>;
  addRole(
    input: { guildId: string; userId: string; roleId: string; reason: string },
    signal?: AbortSignal,
  ): Promise<void>;
  removeRole(
    input: { guildId: string; userId: string; roleId: string; reason: string },
    signal?: AbortSignal,
  ): Promise<void>;
}
