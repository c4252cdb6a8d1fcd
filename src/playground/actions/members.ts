/** Member edits: timeout, nickname, roles (PATCH), and single role add/remove (PUT/DELETE). */
import { Errors } from '../errors.ts';
import { canManageRole, hasAll, outranks, PermissionBits } from '../permissions.ts';
import { AuditLogAction, type MemberRecord } from '../records.ts';
import {
  type ActionContext,
  auditMemberAct,
  dispatchMemberUpdate,
  eventRole,
  type MemberAct,
  memberActFields,
  requireGuildAccess,
  requireGuildPermission,
  requireMember,
} from './context.ts';

/** Discord's longest timeout: 28 days. */
export const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

/** The PATCH /guilds/:g/members/:u fields the playground honours. */
export interface MemberPatch {
  nick?: string | null;
  roles?: string[];
  /** ISO timestamp or null to lift the timeout. */
  communication_disabled_until?: string | null;
}

/** Throws 50013 unless the actor outranks the target (owner untouchable). */
function requireOutranks(ctx: ActionContext, guildId: string, actorId: string, targetId: string): void {
  if (!outranks(ctx.access.rank(guildId, actorId), ctx.access.rank(guildId, targetId))) {
    throw Errors.missingPermissions();
  }
}

/** Throws unless `roleId` is a role of this guild that the actor may hand out. */
function requireAssignableRole(ctx: ActionContext, guildId: string, actorId: string, roleId: string): void {
  const role = ctx.store.role(roleId);
  if (!role || role.guildId !== guildId || role.id === guildId) throw Errors.unknownRole();
  requireGuildPermission(ctx, guildId, actorId, PermissionBits.ManageRoles);
  if (role.managed || !canManageRole(ctx.access.rank(guildId, actorId), role))
    throw Errors.missingPermissions();
}

/**
 * Applies a member PATCH after checking all of it (nothing changes if any part is refused):
 * a timeout needs ModerateMembers and a higher top role, and admins cannot be timed out; a nick
 * needs ManageNicknames (ChangeNickname for oneself); roles need ManageRoles and each changed role
 * below the actor's top role. Sends GUILD_MEMBER_UPDATE before returning.
 */
export function updateMember(ctx: ActionContext, act: MemberAct, patch: MemberPatch): MemberRecord {
  const { actorId, guildId, targetId } = act;
  requireGuildAccess(ctx, guildId, actorId);
  const member = requireMember(ctx, guildId, targetId);
  const next = { ...member, roleIds: [...member.roleIds] };
  const changes: Array<{ key: string; old_value?: unknown; new_value?: unknown }> = [];

  if (patch.communication_disabled_until !== undefined) {
    requireGuildPermission(ctx, guildId, actorId, PermissionBits.ModerateMembers);
    requireOutranks(ctx, guildId, actorId, targetId);
    if (hasAll(ctx.access.guildPermissions(guildId, targetId), PermissionBits.Administrator)) {
      throw Errors.missingPermissions();
    }
    next.communicationDisabledUntil = parseTimeout(ctx, patch.communication_disabled_until);
  }
  if (patch.nick !== undefined) {
    if (actorId === targetId) {
      requireGuildPermission(ctx, guildId, actorId, PermissionBits.ChangeNickname);
    } else {
      requireGuildPermission(ctx, guildId, actorId, PermissionBits.ManageNicknames);
      requireOutranks(ctx, guildId, actorId, targetId);
    }
    if (patch.nick !== null && patch.nick.length > 32) {
      throw Errors.invalidForm('nick', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
    }
    next.nick = patch.nick === '' ? null : patch.nick;
  }
  let added: string[] = [];
  let removed: string[] = [];
  if (patch.roles !== undefined) {
    const wanted = [...new Set(patch.roles.map(String))];
    added = wanted.filter((id) => !member.roleIds.includes(id));
    removed = member.roleIds.filter((id) => !wanted.includes(id));
    for (const id of [...added, ...removed]) requireAssignableRole(ctx, guildId, actorId, id);
    next.roleIds = wanted;
  }

  if (next.communicationDisabledUntil !== member.communicationDisabledUntil) {
    changes.push({
      key: 'communication_disabled_until',
      old_value: iso(member.communicationDisabledUntil),
      new_value: iso(next.communicationDisabledUntil),
    });
  }
  if (next.nick !== member.nick) changes.push({ key: 'nick', old_value: member.nick, new_value: next.nick });
  Object.assign(member, next);
  ctx.store.putMember(member);

  dispatchMemberUpdate(ctx, member);
  if (changes.length > 0) auditMemberAct(ctx, act, AuditLogAction.MemberUpdate, changes);
  auditRoleChanges(ctx, act, added, removed);
  const eventChanges: Extract<import('../events.ts').PlaygroundEvent, { type: 'member.updated' }>['changes'] =
    {};
  if (patch.communication_disabled_until !== undefined)
    eventChanges.timeoutUntil = member.communicationDisabledUntil;
  if (patch.nick !== undefined) eventChanges.nick = member.nick;
  if (added.length > 0) eventChanges.rolesAdded = added.map((id) => eventRole(ctx, id));
  if (removed.length > 0) eventChanges.rolesRemoved = removed.map((id) => eventRole(ctx, id));
  ctx.events.emit({ type: 'member.updated', ...memberActFields(ctx, act), changes: eventChanges });
  return member;
}

/** The member-role-update audit row: roles `added` under `$add`, `removed` under `$remove`; none when both are empty. */
function auditRoleChanges(ctx: ActionContext, act: MemberAct, added: string[], removed: string[]): void {
  if (added.length === 0 && removed.length === 0) return;
  auditMemberAct(ctx, act, AuditLogAction.MemberRoleUpdate, [
    ...(added.length ? [{ key: '$add', new_value: added.map((id) => eventRole(ctx, id)) }] : []),
    ...(removed.length ? [{ key: '$remove', new_value: removed.map((id) => eventRole(ctx, id)) }] : []),
  ]);
}

function parseTimeout(ctx: ActionContext, value: string | null): number | null {
  if (value === null) return null;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw Errors.invalidForm('communication_disabled_until', 'DATE_TYPE_PARSE', 'Could not parse the date.');
  }
  if (ms - ctx.now() > MAX_TIMEOUT_MS) {
    throw Errors.invalidForm(
      'communication_disabled_until',
      'BASE_TYPE_BAD_TIME',
      'Timeout cannot be longer than 28 days.',
    );
  }
  return ms;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Gives (`add`) or takes a role: needs ManageRoles and the role below the actor's top role; managed
 * roles and @everyone are refused. Already in the wanted state: succeeds with no event, like Discord.
 */
export function setMemberRole(ctx: ActionContext, act: MemberAct, roleId: string, add: boolean): void {
  const { actorId, guildId, targetId } = act;
  requireGuildAccess(ctx, guildId, actorId);
  const member = requireMember(ctx, guildId, targetId);
  requireAssignableRole(ctx, guildId, actorId, roleId);
  if (member.roleIds.includes(roleId) === add) return;
  member.roleIds = add ? [...member.roleIds, roleId] : member.roleIds.filter((id) => id !== roleId);
  ctx.store.putMember(member);
  dispatchMemberUpdate(ctx, member);
  auditRoleChanges(ctx, act, add ? [roleId] : [], add ? [] : [roleId]);
  ctx.events.emit({
    type: add ? 'role.added' : 'role.removed',
    ...memberActFields(ctx, act),
    role: eventRole(ctx, roleId),
  });
}
