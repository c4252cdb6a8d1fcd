/**
 * Applies the pure permission math in permissions.ts to the playground's state: what a user may do
 * in a guild or channel, and where they stand in the role hierarchy.
 */
import {
  basePermissions,
  channelPermissions,
  type HierarchyMember,
  hasAll,
  highestRole,
  PermissionBits,
  type RankedRole,
} from './permissions.ts';
import { ChannelKind, type MemberRecord } from './records.ts';
import type { PlaygroundState } from './state.ts';

/**
 * What each recipient of a DM may do there: no server, so no roles or overwrites; Discord computes
 * the same fixed set for every DM (view, send, read history, react, embed and attach).
 */
const DM_PERMISSIONS =
  PermissionBits.ViewChannel |
  PermissionBits.SendMessages |
  PermissionBits.ReadMessageHistory |
  PermissionBits.AddReactions |
  PermissionBits.EmbedLinks |
  PermissionBits.AttachFiles;

/** Permission lookups over a {@link PlaygroundState}. */
export class Access {
  constructor(
    private readonly state: PlaygroundState,
    private readonly now: () => number,
  ) {}

  /** True while the member's timeout end is in the future. */
  isTimedOut(member: Readonly<MemberRecord>): boolean {
    return member.communicationDisabledUntil !== null && member.communicationDisabledUntil > this.now();
  }

  /** Guild-level permissions; 0 for someone who is not a member. */
  guildPermissions(guildId: string, userId: string): bigint {
    const guild = this.state.guild(guildId);
    const member = this.state.member(guildId, userId);
    if (!guild || !member) return 0n;
    return basePermissions({
      everyone: this.state.role(guildId)?.permissions ?? 0n,
      roles: member.roleIds.map((id) => this.state.role(id)?.permissions ?? 0n),
      isOwner: guild.ownerId === userId,
      timedOut: this.isTimedOut(member),
    });
  }

  /**
   * Permissions in one channel after its overwrites; 0 when the user cannot see it. A thread has its
   * parent's permissions; a private thread is seen only by its members and by those who may manage
   * threads (https://discord.com/developers/docs/topics/threads#permissions).
   */
  channelPermissions(channelId: string, userId: string): bigint {
    const found = this.state.channel(channelId);
    if (found?.thread && found.parentId) {
      const inherited = this.channelPermissions(found.parentId, userId);
      if (found.type !== ChannelKind.PrivateThread) return inherited;
      const manages = hasAll(inherited, PermissionBits.ManageThreads);
      return manages || found.thread.memberIds.includes(userId) ? inherited : 0n;
    }
    const channel = found;
    if (!channel) return 0n;
    if (channel.type === ChannelKind.DM) {
      return channel.recipientIds?.includes(userId) ? DM_PERMISSIONS : 0n;
    }
    const member = this.state.member(channel.guildId, userId);
    if (!member) return 0n;
    return channelPermissions({
      base: this.guildPermissions(channel.guildId, userId),
      guildId: channel.guildId,
      memberId: userId,
      memberRoleIds: member.roleIds,
      overwrites: channel.overwrites,
    });
  }

  /** Where a member stands in the hierarchy (their highest role, and whether they own the guild). */
  rank(guildId: string, userId: string): HierarchyMember {
    const everyone: RankedRole = { id: guildId, position: 0 };
    const member = this.state.member(guildId, userId);
    const roles = (member?.roleIds ?? []).flatMap((id) => {
      const role = this.state.role(id);
      return role ? [{ id: role.id, position: role.position }] : [];
    });
    return {
      id: userId,
      isOwner: this.state.guild(guildId)?.ownerId === userId,
      highest: highestRole(roles, everyone),
    };
  }
}
