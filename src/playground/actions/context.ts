/**
 * What every playground action shares: the store, permission lookups, the gateway, the event log,
 * ids and the clock, plus the small helpers they all use (guard checks, audit rows, event users).
 */
import type { Access } from '../access.ts';
import { Errors } from '../errors.ts';
import type { EventLog, EventUser } from '../events.ts';
import { type Gateway, Intents } from '../gateway.ts';
import type { CommandRegistry } from '../interactions/command-registry.ts';
import type { InteractionStore } from '../interactions/interaction-store.ts';
import { hasAll } from '../permissions.ts';
import type { AuditLogRecord, ChannelRecord, GuildRecord, MemberRecord } from '../records.ts';
import { apiMember, apiUser } from '../serialize.ts';
import type { SnowflakeGenerator } from '../snowflake.ts';
import type { StateStore } from '../state.ts';

/** Dependencies of the actions, injected by the server. */
export interface ActionContext {
  store: StateStore;
  access: Access;
  gateway: Gateway;
  events: EventLog;
  ids: SnowflakeGenerator;
  now: () => number;
  /** Application commands registered by bots. */
  commands: CommandRegistry;
  /** Interactions in flight and their replies. */
  interactions: InteractionStore;
}

/** The guild or 404 10004. */
export function requireGuild(ctx: ActionContext, guildId: string): GuildRecord {
  const guild = ctx.store.guild(guildId);
  if (!guild) throw Errors.unknownGuild();
  return guild;
}

/**
 * The guild, when the actor belongs to it (Discord hides guilds a bot is not in: 403 50001) and,
 * when given, holds every bit of `required` there (50013).
 */
export function requireGuildAccess(
  ctx: ActionContext,
  guildId: string,
  actorId: string,
  required?: bigint,
): GuildRecord {
  const guild = requireGuild(ctx, guildId);
  if (!ctx.store.member(guildId, actorId)) throw Errors.missingAccess();
  if (required !== undefined) requireGuildPermission(ctx, guildId, actorId, required);
  return guild;
}

/**
 * The channel, when the actor can see it (10003 unknown, 50001 hidden) and, when given, holds every
 * bit of `required` there (50013).
 */
export function requireChannelAccess(
  ctx: ActionContext,
  channelId: string,
  actorId: string,
  required?: bigint,
): ChannelRecord {
  const channel = ctx.store.channel(channelId);
  if (!channel) throw Errors.unknownChannel();
  if (ctx.access.channelPermissions(channelId, actorId) === 0n) throw Errors.missingAccess();
  if (required !== undefined) requireChannelPermission(ctx, channelId, actorId, required);
  return channel;
}

/** The mutable member or 404 10007. */
export function requireMember(ctx: ActionContext, guildId: string, userId: string): MemberRecord {
  const member = ctx.store.memberRecord(guildId, userId);
  if (!member) throw Errors.unknownMember();
  return member;
}

/** Throws 403 50013 unless the actor has every bit of `required` in the guild. */
export function requireGuildPermission(
  ctx: ActionContext,
  guildId: string,
  actorId: string,
  required: bigint,
): void {
  if (!hasAll(ctx.access.guildPermissions(guildId, actorId), required)) throw Errors.missingPermissions();
}

/** Throws 403 50013 unless the actor has every bit of `required` in the channel. */
export function requireChannelPermission(
  ctx: ActionContext,
  channelId: string,
  actorId: string,
  required: bigint,
): void {
  if (!hasAll(ctx.access.channelPermissions(channelId, actorId), required)) throw Errors.missingPermissions();
}

/** A user as events name them. */
export function eventUser(ctx: ActionContext, guildId: string | null, userId: string): EventUser {
  return {
    id: userId,
    name: ctx.store.displayName(guildId, userId),
    bot: ctx.store.user(userId)?.bot ?? false,
  };
}

/** A role as events name it. */
export function eventRole(ctx: ActionContext, roleId: string): { id: string; name: string } {
  return { id: roleId, name: ctx.store.role(roleId)?.name ?? roleId };
}

/** Appends an audit log row. */
export function audit(ctx: ActionContext, entry: Omit<AuditLogRecord, 'id' | 'at'>): void {
  ctx.store.addAudit({ ...entry, id: ctx.ids.next(), at: ctx.now() });
}

/** One action on a member: who acts, on whom, in which guild, and the audit-log reason they gave. */
export interface MemberAct {
  actorId: string;
  guildId: string;
  targetId: string;
  reason: string | null;
}

/** The audit row of a member action, of `actionType` with `changes` (none by default). */
export function auditMemberAct(
  ctx: ActionContext,
  act: MemberAct,
  actionType: AuditLogRecord['actionType'],
  changes: AuditLogRecord['changes'] = [],
): void {
  const { actorId, guildId, targetId, reason } = act;
  audit(ctx, { guildId, actionType, actorId, targetId, reason, changes });
}

/**
 * The fields every event about a member action carries. `target` is the member as events name
 * them, read now unless given (read it before the member row goes away).
 */
export function memberActFields(
  ctx: ActionContext,
  act: MemberAct,
  target: EventUser = eventUser(ctx, act.guildId, act.targetId),
) {
  return {
    actorId: act.actorId,
    guildId: act.guildId,
    channelId: null,
    target,
    actor: eventUser(ctx, act.guildId, act.actorId),
    reason: act.reason,
  };
}

/** GUILD_MEMBER_UPDATE for a member; sent before the HTTP reply so the client's cache is current. */
export function dispatchMemberUpdate(ctx: ActionContext, member: MemberRecord): void {
  const user = ctx.store.user(member.userId);
  ctx.gateway.dispatch({
    t: 'GUILD_MEMBER_UPDATE',
    guildId: member.guildId,
    intent: Intents.GuildMembers,
    aboutUserId: member.userId,
    build: () => ({ guild_id: member.guildId, ...apiMember(ctx.store, member), user: user && apiUser(user) }),
  });
}
