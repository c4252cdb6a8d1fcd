import type { HistoryMessage } from '../../src/discord/port.ts';

/**
 * A Discord world as plain data: guilds with roles (position, permissions, managed), members, an
 * owner, the bot, channels and messages. FakeDiscordActions serves it in memory; the same data can
 * seed the playground so one scenario runs against both.
 */

/** Every permission name Discord grants; an administrator or owner holds them all. */
export const ALL_PERMISSIONS = [
  'Administrator',
  'ViewChannel',
  'SendMessages',
  'ReadMessageHistory',
  'AddReactions',
  'MentionEveryone',
  'ManageMessages',
  'ManageChannels',
  'ManageGuild',
  'ManageRoles',
  'KickMembers',
  'BanMembers',
  'ModerateMembers',
] as const;

/** A role; the @everyone role has the guild's id and position 0. */
export interface WorldRole {
  id: string;
  name: string;
  position: number;
  permissions: string[];
  managed?: boolean;
}

/** A member; `roleIds` excludes @everyone. */
export interface WorldMember {
  userId: string;
  username: string;
  displayName?: string;
  bot?: boolean;
  roleIds: string[];
  joinedAt?: number;
  communicationDisabledUntil?: number | null;
}

/** A guild and everything in it. */
export interface WorldGuild {
  id: string;
  name: string;
  ownerId: string;
  /** Include the @everyone role: id equal to the guild id, position 0. */
  roles: WorldRole[];
  members: WorldMember[];
  /**
   * Channels; a thread names its `parentId`. `viewers`, when given, are the only members who can
   * view the channel (else every member can).
   */
  channels: Array<{ id: string; name: string; parentId?: string; viewers?: string[] }>;
  createdAt?: number;
}

/** Plain data describing a Discord world; the same data can seed the playground. */
export interface DiscordWorld {
  botUserId: string;
  guilds: WorldGuild[];
  /** Messages already in channels, oldest first. */
  messages?: HistoryMessage[];
}
