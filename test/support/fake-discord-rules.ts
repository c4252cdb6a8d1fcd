import { DiscordActionError, type DiscordErrorCode } from '../../src/discord/errors.ts';
import type { ChannelInfo, MemberInfo, RoleInfo } from '../../src/discord/port.ts';
import { ALL_PERMISSIONS, type WorldGuild, type WorldMember, type WorldRole } from './discord-world.ts';

/**
 * Discord's own rules over one guild of the fake's world: who holds which permission, how roles rank,
 * and the refusals Discord answers with (codes from Discord's JSON error codes), so a bug in Ery's
 * authoriser still meets a faithful refusal.
 */

/** Throws the DiscordActionError Discord would answer with. */
export const fail = (code: DiscordErrorCode, message: string, discordCode?: number): never => {
  throw new DiscordActionError(code, message, discordCode === undefined ? {} : { discordCode });
};

/** The member `userId` of `guild`; throws UNKNOWN_MEMBER (10007) when absent. */
export function memberOf(guild: WorldGuild, userId: string): WorldMember {
  return (
    guild.members.find((member) => member.userId === userId) ??
    fail('UNKNOWN_MEMBER', 'Unknown Member', 10007)
  );
}

/** A role as the port reports it. */
export function roleInfo(role: WorldRole): RoleInfo {
  return {
    id: role.id,
    name: role.name,
    position: role.position,
    permissions: [...role.permissions],
    managed: role.managed ?? false,
  };
}

/** Everything the port reports about a member, computed like Discord. */
export function memberInfoOf(guild: WorldGuild, userId: string): MemberInfo {
  const member = memberOf(guild, userId);
  const roles = guild.roles
    .filter((role) => member.roleIds.includes(role.id) && role.id !== guild.id)
    .sort((a, b) => b.position - a.position);
  const everyone = guild.roles.find((role) => role.id === guild.id);
  const granted = new Set([...(everyone?.permissions ?? []), ...roles.flatMap((role) => role.permissions)]);
  const isOwner = guild.ownerId === userId;
  const permissions = isOwner || granted.has('Administrator') ? [...ALL_PERMISSIONS] : [...granted];
  return {
    guildId: guild.id,
    userId,
    username: member.username,
    displayName: member.displayName ?? member.username,
    bot: member.bot ?? false,
    roles: roles.map((role) => roleInfo(role)),
    highestRolePosition: roles[0]?.position ?? 0,
    isOwner,
    permissions,
    joinedAt: member.joinedAt ?? null,
    communicationDisabledUntil: member.communicationDisabledUntil ?? null,
  };
}

/** The bot's member info; throws MISSING_PERMISSIONS (50013) unless it holds `permission`. */
export function assertBotHolds(guild: WorldGuild, botUserId: string, permission: string): MemberInfo {
  const bot = memberInfoOf(guild, botUserId);
  if (!bot.permissions.includes(permission)) fail('MISSING_PERMISSIONS', 'Missing Permissions', 50013);
  return bot;
}

/** Discord's own rule: Ery needs the permission and must outrank the target; the owner is untouchable. */
export function assertCanModerate(
  guild: WorldGuild,
  botUserId: string,
  userId: string,
  permission: string,
): void {
  const bot = assertBotHolds(guild, botUserId, permission);
  const target = memberInfoOf(guild, userId);
  if (target.isOwner || target.highestRolePosition >= bot.highestRolePosition) {
    fail('MISSING_PERMISSIONS', 'Missing Permissions', 50013);
  }
}

/** The member whose role Ery may change: Ery holds ManageRoles and the role is unmanaged and below Ery's. */
export function assertCanManageRole(
  guild: WorldGuild,
  botUserId: string,
  userId: string,
  roleId: string,
): WorldMember {
  const bot = assertBotHolds(guild, botUserId, 'ManageRoles');
  const member = memberOf(guild, userId);
  const role =
    guild.roles.find((candidate) => candidate.id === roleId) ?? fail('UNKNOWN_ROLE', 'Unknown Role', 10011);
  if (role.managed || role.id === guild.id || role.position >= bot.highestRolePosition) {
    fail('MISSING_PERMISSIONS', 'Missing Permissions', 50013);
  }
  return member;
}

export type WorldChannel = WorldGuild['channels'][number];

/** A world channel as the port describes it: a text channel, or a public thread under its parent. */
export function channelInfoOf(channel: WorldChannel & { guildId: string }): ChannelInfo {
  const thread = channel.parentId !== undefined;
  return {
    id: channel.id,
    guildId: channel.guildId,
    name: channel.name,
    type: thread ? 'public_thread' : 'text',
    topic: null,
    parentId: channel.parentId ?? null,
    archived: thread ? false : null,
    locked: thread ? false : null,
    slowmodeSeconds: 0,
    nsfw: false,
  };
}
