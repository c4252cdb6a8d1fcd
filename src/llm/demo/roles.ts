import type { ToolOutcome } from './conversation.ts';
import type { RoleRef } from './parse-request.ts';

interface ServerRole {
  id: string;
  name: string;
  position: number;
  managed: boolean;
}

function rolesIn(stats: ToolOutcome & { ok: true }): ServerRole[] {
  const roles = stats.result.roles;
  if (!Array.isArray(roles)) return [];
  return roles.filter(
    (role): role is ServerRole =>
      typeof role === 'object' &&
      role !== null &&
      typeof role.id === 'string' &&
      typeof role.name === 'string',
  );
}

/**
 * The server role a request names, from the get_server_stats result: by id for a role mention, else
 * by name, ignoring case and a leading "@". A string says why there is none, for the requester.
 */
export function resolveRole(
  ref: RoleRef,
  stats: ToolOutcome | undefined,
): { id: string; name: string } | string {
  if (stats === undefined) return "I could not read this server's roles";
  if (!stats.ok) return `I could not read this server's roles: ${stats.message}`;
  const roles = rolesIn(stats);
  if ('id' in ref) {
    const role = roles.find((candidate) => candidate.id === ref.id);
    return role ?? 'the role you mentioned is not a role of this server';
  }
  const wanted = ref.name.replace(/^@/, '').trim().toLowerCase();
  const role = roles.find((candidate) => candidate.name.replace(/^@/, '').toLowerCase() === wanted);
  if (role !== undefined) return { id: role.id, name: role.name };
  // Only roles a person could be given are worth listing: not @everyone, not a bot's own role.
  const names = roles.filter((candidate) => candidate.position > 0 && !candidate.managed).map((r) => r.name);
  return `there is no role named "${ref.name}" here; the roles are: ${names.join(', ') || 'none'}`;
}
