/** Ban, unban and kick, with Discord's permission and hierarchy checks. */
import { Errors } from '../errors.ts';
import { Intents } from '../gateway.ts';
import { outranks, PermissionBits } from '../permissions.ts';
import { AuditLogAction } from '../records.ts';
import { apiUser } from '../serialize.ts';
import {
  type ActionContext,
  auditMemberAct,
  eventUser,
  type MemberAct,
  memberActFields,
  requireGuild,
  requireGuildAccess,
  requireGuildPermission,
  requireMember,
} from './context.ts';
import { announceDeleted } from './message-events.ts';

/** Discord's ceiling for `delete_message_seconds` (7 days). */
export const MAX_DELETE_MESSAGE_SECONDS = 604_800;

/** Throws 50013 unless the actor outranks the target (when the target is a member). */
function requireOutranks(ctx: ActionContext, guildId: string, actorId: string, targetId: string): void {
  if (!ctx.store.member(guildId, targetId)) return;
  if (!outranks(ctx.access.rank(guildId, actorId), ctx.access.rank(guildId, targetId))) {
    throw Errors.missingPermissions();
  }
}

/**
 * Bans a user (member or not): needs BanMembers and, for a member, a higher top role; the owner
 * cannot be banned. Deletes their messages from the last `seconds` (Discord's `delete_message_seconds`). Banning someone
 * already banned succeeds without a second event, as Discord's PUT does.
 */
export function banMember(ctx: ActionContext, act: MemberAct, seconds = 0): void {
  const { actorId, guildId, targetId } = act;
  requireGuildAccess(ctx, guildId, actorId);
  const user = ctx.store.user(targetId);
  if (!user) throw Errors.unknownUser();
  requireGuildPermission(ctx, guildId, actorId, PermissionBits.BanMembers);
  const guild = requireGuild(ctx, guildId);
  if (guild.ownerId === targetId) throw Errors.missingPermissions();
  requireOutranks(ctx, guildId, actorId, targetId);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_DELETE_MESSAGE_SECONDS) {
    throw Errors.invalidForm(
      'delete_message_seconds',
      'NUMBER_TYPE_MAX',
      `int value should be less than or equal to ${MAX_DELETE_MESSAGE_SECONDS}.`,
    );
  }
  if (ctx.store.ban(guildId, targetId)) return;
  ctx.store.putBan({ guildId, userId: targetId, reason: act.reason, actorId, at: ctx.now() });
  const since = ctx.now() - seconds * 1000;
  const deleted =
    seconds > 0
      ? ctx.store.deleteMessages(
          (m) => m.guildId === guildId && m.authorId === targetId && m.createdAt >= since,
        )
      : [];
  ctx.gateway.dispatch({
    t: 'GUILD_BAN_ADD',
    guildId,
    intent: Intents.GuildModeration,
    build: () => ({ guild_id: guildId, user: apiUser(user) }),
  });
  announceDeleted(ctx, actorId, deleted, { bulk: false });
  // Capture the display name before the member row goes away.
  const target = eventUser(ctx, guildId, targetId);
  removeMember(ctx, guildId, targetId);
  auditMemberAct(ctx, act, AuditLogAction.MemberBanAdd);
  ctx.events.emit({
    type: 'member.banned',
    ...memberActFields(ctx, act, target),
    deleteMessageSeconds: seconds,
  });
}

/** Lifts a ban: needs BanMembers; 10026 Unknown Ban when there is none. */
export function unbanMember(ctx: ActionContext, act: MemberAct): void {
  const { actorId, guildId, targetId } = act;
  requireGuildAccess(ctx, guildId, actorId, PermissionBits.BanMembers);
  if (!ctx.store.removeBan(guildId, targetId)) throw Errors.unknownBan();
  const user = ctx.store.user(targetId);
  ctx.gateway.dispatch({
    t: 'GUILD_BAN_REMOVE',
    guildId,
    intent: Intents.GuildModeration,
    build: () => ({ guild_id: guildId, user: user ? apiUser(user) : { id: targetId } }),
  });
  auditMemberAct(ctx, act, AuditLogAction.MemberBanRemove);
  ctx.events.emit({ type: 'member.unbanned', ...memberActFields(ctx, act) });
}

/** Kicks a member: needs KickMembers and a higher top role; 10007 when they are not a member. */
export function kickMember(ctx: ActionContext, act: MemberAct): void {
  const { actorId, guildId, targetId } = act;
  const guild = requireGuildAccess(ctx, guildId, actorId);
  requireMember(ctx, guildId, targetId);
  requireGuildPermission(ctx, guildId, actorId, PermissionBits.KickMembers);
  if (guild.ownerId === targetId) throw Errors.missingPermissions();
  requireOutranks(ctx, guildId, actorId, targetId);
  const target = eventUser(ctx, guildId, targetId);
  removeMember(ctx, guildId, targetId);
  auditMemberAct(ctx, act, AuditLogAction.MemberKick);
  ctx.events.emit({ type: 'member.kicked', ...memberActFields(ctx, act, target) });
}

/** Removes a member and tells the gateway (GUILD_MEMBER_REMOVE) while they are still routable. */
function removeMember(ctx: ActionContext, guildId: string, userId: string): void {
  const user = ctx.store.user(userId);
  if (!ctx.store.member(guildId, userId)) return;
  // Dispatch first: after removal the removed user's own sessions no longer match the guild.
  ctx.gateway.dispatch({
    t: 'GUILD_MEMBER_REMOVE',
    guildId,
    intent: Intents.GuildMembers,
    aboutUserId: userId,
    build: () => ({ guild_id: guildId, user: user ? apiUser(user) : { id: userId } }),
  });
  ctx.store.removeMember(guildId, userId);
}
