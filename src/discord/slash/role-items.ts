import { type Guild, PermissionFlagsBits, type Role } from 'discord.js';
import type { RoleItem } from './slash-port.ts';

/**
 * Why Ery cannot give or take `role`, in words that say what to change; undefined when it can, or
 * when Ery's own member is not cached (nothing to compare with). Discord's rules (Permissions,
 * "Permission Hierarchy"): a role managed by an integration is given by no one; giving a role needs
 * Manage Roles and a highest role above it.
 */
export function unassignableReason(role: Role, guild: Guild): string | undefined {
  const me = guild.members.me;
  if (!me) return undefined;
  if (role.managed)
    return 'it is managed by an integration (a bot or booster role), which Discord lets no one give';
  if (!me.permissions.has(PermissionFlagsBits.ManageRoles))
    return 'Ery lacks Manage Roles; give one of its roles that permission in Server Settings → Roles';
  if (role.comparePositionTo(me.roles.highest) >= 0)
    return `it is not below Ery's highest role (@${me.roles.highest.name}); drag Ery's role above it in Server Settings → Roles`;
  return undefined;
}

/** The server's roles but @everyone, each with why Ery cannot give it when it cannot. */
export function roleItems(guild: Guild | null): RoleItem[] {
  if (!guild) return [];
  return [...guild.roles.cache.values()]
    .filter((role) => role.id !== guild.id)
    .map((role) => {
      const unassignable = unassignableReason(role, guild);
      return { id: role.id, name: role.name, ...(unassignable ? { unassignable } : {}) };
    });
}
