import type { MemberInfo, RoleInfo } from '../../discord/port.ts';
import { Denial } from '../decision.ts';
import type { ModerationRule } from '../define-tool.ts';
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

/** A moderation tool as the rules see it: its name and its rule. */
export interface ModerationTool {
  name: string;
  rule: ModerationRule<Record<string, unknown>>;
}

const name = (member: MemberInfo) => `${member.displayName} (${member.userId})`;

/**
 * The rules every moderation call obeys whoever asked: Ery must hold the permission; the owner and
 * Ery itself are untouchable; nobody can target themselves; the target must rank strictly below the
 * requester (unless the owner asks) and below Ery; a role must be an ordinary role ranked below Ery
 * and the requester. Then the tool's own `check`. Returns the first {@link Denial}, saying what to
 * fix, or null when every rule holds. Ranks are Discord's role positions (higher outranks lower).
 */
export function checkRanks(
  tool: ModerationTool,
  input: Record<string, unknown>,
  parties: ModerationParties,
): Denial | null {
  const { requester, bot, target, role } = parties;
  const permission = tool.rule.discordPermission;
  if (!holdsPermission(bot, permission)) {
    return new Denial(
      `Ery lacks the ${PERMISSION_LABELS[permission]} permission in this server; a server admin must give it to Ery's role, then ask again`,
    );
  }
  if (target.isOwner) {
    return new Denial(`${name(target)} owns this server; nobody can use ${tool.name} on the owner`);
  }
  if (target.userId === bot.userId) return new Denial(`Ery does not use ${tool.name} on itself`);
  // Said on its own: the rank rule below would refuse too, but "X's role is not below X's" reads as nonsense.
  if (requester !== null && target.userId === requester.userId) {
    return new Denial(
      `${name(requester)} asked for ${tool.name} on themselves; nobody can have Ery use a moderation tool on themselves`,
      { rule: 'SELF_TARGET' },
    );
  }
  if (
    requester !== null &&
    !requester.isOwner &&
    target.highestRolePosition >= requester.highestRolePosition
  ) {
    return new Denial(
      `${name(target)}'s highest role is not below ${name(requester)}'s, so ${name(requester)} cannot have Ery use ${tool.name} on them`,
    );
  }
  if (target.highestRolePosition >= bot.highestRolePosition) {
    return new Denial(
      `${name(target)}'s highest role is not below Ery's; a server admin must move Ery's role above theirs first`,
    );
  }
  const roleDenial = role === undefined ? null : checkRole(role, parties);
  if (roleDenial !== null) return roleDenial;
  const own = tool.rule.check?.(input, { requester, bot, target, role });
  return own ? new Denial(own) : null;
}

function checkRole(role: RoleInfo, parties: ModerationParties): Denial | null {
  const { requester, bot } = parties;
  if (role.id === parties.guildId || role.position <= 0) {
    return new Denial('@everyone is not a role that can be given or taken');
  }
  if (role.managed) {
    return new Denial(
      `role ${role.name} is managed by an integration (a bot or a subscription) and cannot be changed by hand`,
    );
  }
  if (role.position >= bot.highestRolePosition) {
    return new Denial(
      `role ${role.name} is at or above Ery's highest role; Ery can only manage roles below its own`,
    );
  }
  if (requester !== null && !requester.isOwner && role.position >= requester.highestRolePosition) {
    return new Denial(
      `role ${role.name} is at or above ${name(requester)}'s highest role, so they cannot have Ery manage it`,
    );
  }
  return null;
}
