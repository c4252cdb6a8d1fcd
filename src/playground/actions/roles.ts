/** Creating and editing roles (so tests and the web chat can shape a server like an admin would). */
import { Errors } from '../errors.ts';
import { Intents } from '../gateway.ts';
import { ALL_PERMISSIONS, canManageRole, hasAll, PermissionBits } from '../permissions.ts';
import type { RoleRecord } from '../records.ts';
import { apiRole } from '../serialize.ts';
import { type ActionContext, eventUser, requireGuildAccess, requireGuildPermission } from './context.ts';

/** Role fields a create or edit may set. */
export interface RoleInput {
  name?: string;
  permissions?: bigint;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
}

/** Discord refuses to grant permissions the actor lacks (unless they are an administrator). */
function requireGrantable(
  ctx: ActionContext,
  guildId: string,
  actorId: string,
  permissions: bigint | undefined,
): void {
  if (permissions === undefined) return;
  if ((permissions & ~ALL_PERMISSIONS) !== 0n) {
    throw Errors.invalidForm('permissions', 'NUMBER_TYPE_COERCE', 'Unknown permission bits.');
  }
  const own = ctx.access.guildPermissions(guildId, actorId);
  if (!hasAll(own, PermissionBits.Administrator) && !hasAll(own, permissions))
    throw Errors.missingPermissions();
}

function dispatchRole(
  ctx: ActionContext,
  t: 'GUILD_ROLE_CREATE' | 'GUILD_ROLE_UPDATE',
  role: RoleRecord,
): void {
  ctx.gateway.dispatch({
    t,
    guildId: role.guildId,
    intent: Intents.Guilds,
    build: () => ({ guild_id: role.guildId, role: apiRole(role) }),
  });
}

/** Stores a role the actor created or edited, and tells the gateway and the event log. */
function saveRole(
  ctx: ActionContext,
  actorId: string,
  role: RoleRecord,
  change: 'created' | 'updated',
): RoleRecord {
  ctx.store.putRole(role);
  dispatchRole(ctx, change === 'created' ? 'GUILD_ROLE_CREATE' : 'GUILD_ROLE_UPDATE', role);
  ctx.events.emit({
    type: `role.${change}`,
    actorId,
    guildId: role.guildId,
    channelId: null,
    actor: eventUser(ctx, role.guildId, actorId),
    role: { id: role.id, name: role.name },
  });
  return role;
}

/** Creates a role at position 1 (just above @everyone), as Discord does; needs ManageRoles. */
export function createRole(
  ctx: ActionContext,
  actorId: string,
  guildId: string,
  input: RoleInput,
): RoleRecord {
  requireGuildAccess(ctx, guildId, actorId, PermissionBits.ManageRoles);
  requireGrantable(ctx, guildId, actorId, input.permissions);
  for (const other of ctx.store.roles(guildId)) {
    if (other.position >= 1) {
      (other as RoleRecord).position += 1;
      ctx.store.putRole(other as RoleRecord);
      dispatchRole(ctx, 'GUILD_ROLE_UPDATE', other as RoleRecord);
    }
  }
  const role: RoleRecord = {
    id: ctx.ids.next(),
    guildId,
    name: input.name ?? 'new role',
    color: input.color ?? 0,
    hoist: input.hoist ?? false,
    position: 1,
    permissions: input.permissions ?? ctx.store.role(guildId)?.permissions ?? 0n,
    managed: false,
    mentionable: input.mentionable ?? false,
  };
  return saveRole(ctx, actorId, role, 'created');
}

/** Edits a role below the actor's top role; needs ManageRoles. */
export function editRole(
  ctx: ActionContext,
  actorId: string,
  guildId: string,
  roleId: string,
  input: RoleInput,
): RoleRecord {
  requireGuildAccess(ctx, guildId, actorId);
  const role = ctx.store.role(roleId) as RoleRecord | undefined;
  if (!role || role.guildId !== guildId) throw Errors.unknownRole();
  requireGuildPermission(ctx, guildId, actorId, PermissionBits.ManageRoles);
  if (role.id !== guildId && !canManageRole(ctx.access.rank(guildId, actorId), role))
    throw Errors.missingPermissions();
  requireGrantable(ctx, guildId, actorId, input.permissions);
  if (input.name !== undefined) role.name = input.name;
  if (input.permissions !== undefined) role.permissions = input.permissions;
  if (input.color !== undefined) role.color = input.color;
  if (input.hoist !== undefined) role.hoist = input.hoist;
  if (input.mentionable !== undefined) role.mentionable = input.mentionable;
  return saveRole(ctx, actorId, role, 'updated');
}
