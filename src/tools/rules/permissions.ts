import type { MemberInfo } from '../../discord/port.ts';
import type { GuildPolicy } from '../../domain/guild-policy.ts';
import type { ModerationPermissionName, ModerationRule } from '../define-tool.ts';

/** Discord's names for the permissions, as moderators see them in server settings. */
export const PERMISSION_LABELS: Record<ModerationPermissionName, string> = {
  BanMembers: 'Ban Members',
  KickMembers: 'Kick Members',
  ModerateMembers: 'Timeout Members',
  ManageRoles: 'Manage Roles',
};

/** Whether a member holds a permission: the owner and Administrator imply every permission. */
export function holdsPermission(member: MemberInfo, permission: string): boolean {
  return (
    member.isOwner || member.permissions.includes('Administrator') || member.permissions.includes(permission)
  );
}

/** Whether a member may request a moderation tool: by Discord permission or by a role the policy grants it to. */
export function mayRequest(member: MemberInfo, rule: ModerationRule<unknown>, policy: GuildPolicy): boolean {
  if (holdsPermission(member, rule.discordPermission)) return true;
  const granted = policy.roleGrants[rule.policyKey] ?? [];
  return member.roles.some((role) => granted.includes(role.id));
}
