import {
  type Guild,
  type GuildMember,
  type Message,
  PermissionFlagsBits,
  PermissionsBitField,
  type Role,
} from 'discord.js';
import type { Logger } from '../logger.ts';
import { readMessageBody } from './message-body.ts';
import { messageKind } from './message-types.ts';
import type { GuildInfo, HistoryMessage, MemberInfo, RoleInfo, SentMessage } from './port.ts';

/** Highest role first; ties broken like Discord does (lower id first). */
function byPositionDesc(a: Role, b: Role): number {
  return b.comparePositionTo(a);
}

/** A discord.js role in Ery's terms; permission names as `PermissionsBitField.toArray()` gives them. */
export function toRoleInfo(role: Role): RoleInfo {
  return {
    id: role.id,
    name: role.name,
    position: role.position,
    permissions: role.permissions.toArray(),
    managed: role.managed,
  };
}

/**
 * A guild member in Ery's terms. Permissions are the member's effective guild-level ones, with
 * Administrator expanded to every flag as Discord applies it (discord.js expands only ownership),
 * so the model and the tools see what the member can actually do.
 */
export function toMemberInfo(member: GuildMember, now: number = Date.now()): MemberInfo {
  const roles = [...member.roles.cache.values()]
    .filter((role) => role.id !== member.guild.id)
    .sort(byPositionDesc)
    .map(toRoleInfo);
  const until = member.communicationDisabledUntilTimestamp;
  return {
    guildId: member.guild.id,
    userId: member.id,
    username: member.user.username,
    displayName: member.displayName,
    bot: member.user.bot,
    roles,
    highestRolePosition: roles[0]?.position ?? 0,
    isOwner: member.guild.ownerId === member.id,
    permissions: effectivePermissions(member),
    joinedAt: member.joinedTimestamp,
    communicationDisabledUntil: until !== null && until > now ? until : null,
  };
}

/** A guild in Ery's terms; counts are filled in by the caller, which knows where they came from. */
export function toGuildInfo(guild: Guild, counts: { channelCount: number }): GuildInfo {
  return {
    id: guild.id,
    name: guild.name,
    ownerId: guild.ownerId,
    memberCount: guild.approximateMemberCount ?? guild.memberCount,
    onlineCount: guild.approximatePresenceCount ?? null,
    channelCount: counts.channelCount,
    roles: [...guild.roles.cache.values()].sort(byPositionDesc).map(toRoleInfo),
    createdAt: guild.createdTimestamp,
  };
}

/** Display name in the server: nickname, else global name, else username. */
export function authorName(message: Message): string {
  return message.member?.displayName ?? message.author.displayName;
}

/**
 * A fetched message in Ery's terms: chat with its non-text parts, or a system message as an event.
 * A type Ery drops (see message-types.ts) comes back as a bare event naming its type, for lookups of
 * one message; channel history leaves those out (see {@link isHistoryMessage}).
 */
export function toHistoryMessage(message: Message, logger?: Logger): HistoryMessage {
  const body = readMessageBody(message, logger);
  const base = {
    id: message.id,
    channelId: message.channelId,
    author: { id: message.author.id, name: authorName(message), bot: message.author.bot },
    createdAt: message.createdTimestamp,
    ...(message.editedTimestamp ? { editedAt: message.editedTimestamp } : {}),
  };
  if (body.kind === 'chat') {
    return {
      ...base,
      content: body.content,
      replyToId: body.replyToId,
      ...(body.parts ? { parts: body.parts } : {}),
    };
  }
  const event =
    body.kind === 'event'
      ? body.event
      : { type: body.type ?? -1, action: `sent a Discord system message (type ${body.type})`, detail: null };
  return { ...base, content: '', replyToId: null, event };
}

/** Whether channel history shows `message`: every type but the ones Ery drops. */
export function isHistoryMessage(message: Message): boolean {
  return messageKind(message).kind !== 'drop';
}

/** A message Ery sent, in Ery's terms. */
export function toSentMessage(message: Message): SentMessage {
  return {
    id: message.id,
    channelId: message.channelId,
    content: message.content,
    createdAt: message.createdTimestamp,
  };
}

function effectivePermissions(member: GuildMember): string[] {
  const held = member.permissions;
  return held.has(PermissionFlagsBits.Administrator, false)
    ? new PermissionsBitField(PermissionsBitField.All).toArray()
    : held.toArray();
}
