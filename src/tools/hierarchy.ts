import type { MemberInfo, RoleInfo } from '../discord/port.ts';
import type { ModerationRule } from './define-tool.ts';
import { deny, denyBy } from './errors.ts';
import { holdsPermission, PERMISSION_LABELS } from './permissions.ts';

/** Who is involved in a moderation call, all members of the thread's guild. */
export interface ModerationParties {
  guildId: string;
  /** The member who asked; null for an autonomous call. */
  requester: MemberInfo | null;
  bot: MemberInfo;
  target: MemberInfo;
  role: RoleInfo | undefined;
}

const name = (member: MemberInfo) => `${member.displayName} (${member.userId})`;

/**
 * The rules every moderation call obeys whoever asked: Ery must hold the permission; the owner and
 * Ery itself are untouchable; nobody can target themselves; the target must rank strictly below the requester (unless the owner
 * asks) and below Ery; a role must be an ordinary role ranked below Ery and the requester. Then the
 * tool's own `check`. Denies with what to fix.
 */
export function checkModeration(
  tool: { name: string; rule: ModerationRule<Record<string, unknown>> },
  input: Record<string, unknown>,
  parties: ModerationParties,
): void {
  const { requester, bot, target, role } = parties;
  const permission = tool.rule.discordPermission;
  if (!holdsPermission(bot, permission)) {
    deny(
      `Ery lacks the ${PERMISSION_LABELS[permission]} permission in this server; a server admin must give it to Ery's role, then ask again`,
    );
  }
  if (target.isOwner) deny(`${name(target)} owns this server; nobody can use ${tool.name} on the owner`);
  if (target.userId === bot.userId) deny(`Ery does not use ${tool.name} on itself`);
  // Said on its own: the rank rule below would refuse too, but "X's role is not below X's" reads as nonsense.
  if (requester !== null && target.userId === requester.userId) {
    denyBy(
      'SELF_TARGET',
      `${name(requester)} asked for ${tool.name} on themselves; nobody can have Ery use a moderation tool on themselves`,
    );
  }
  if (
    requester !== null &&
    !requester.isOwner &&
    target.highestRolePosition >= requester.highestRolePosition
  ) {
    deny(
      `${name(target)}'s highest role is not below ${name(requester)}'s, so ${name(requester)} cannot have Ery use ${tool.name} on them`,
    );
  }
  if (target.highestRolePosition >= bot.highestRolePosition) {
    deny(
      `${name(target)}'s highest role is not below Ery's; a server admin must move Ery's role above theirs first`,
    );
  }
  if (role !== undefined) checkRole(role, parties);
  const own = tool.rule.check?.(input, { requester, bot, target, role });
  if (own) deny(own);
}

function checkRole(role: RoleInfo, parties: ModerationParties): void {
  const { requester, bot } = parties;
  if (role.id === parties.guildId || role.position <= 0)
    deny('@everyone is not a role that can be given or taken');
  if (role.managed)
    deny(
      `role ${role.name} is managed by an integration (a bot or a subscription) and cannot be changed by hand`,
    );
  if (role.position >= bot.highestRolePosition) {
    deny(`role ${role.name} is at or above Ery's highest role; Ery can only manage roles below its own`);
  }
  if (requester !== null && !requester.isOwner && role.position >= requester.highestRolePosition) {
    deny(
      `role ${role.name} is at or above ${name(requester)}'s highest role, so they cannot have Ery manage it`,
    );
  }
}
