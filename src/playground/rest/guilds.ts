/** Guild read routes: the guild, its channels, roles, members, bans and audit log. */
import { requireGuildAccess } from '../actions/context.ts';
import { Errors } from '../errors.ts';
import { PermissionBits } from '../permissions.ts';
import { apiBan, apiChannel, apiGuild, apiMember, apiRole, apiUser } from '../serialize.ts';
import { compareSnowflakes, isSnowflake } from '../snowflake.ts';
import { ok, type RestRequest, type RouteDef } from './router.ts';

/** The route's guild, when the caller belongs to it and holds `required` there. */
const guildOf = (req: RestRequest, required?: bigint) =>
  requireGuildAccess(req.ctx, req.params.guildId ?? '', req.actorId, required);

function boundedInt(req: RestRequest, name: string, fallback: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw Errors.invalidForm(name, 'NUMBER_TYPE_MAX', `int value should be between 1 and ${max}.`);
  }
  return n;
}

/** The guild read routes. */
export const guildRoutes: RouteDef[] = [
  {
    method: 'GET',
    route: '/guilds/:guildId',
    handler: (req) => ok(apiGuild(req.ctx.store, guildOf(req), req.query.get('with_counts') === 'true')),
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/channels',
    handler: (req) => ok(req.ctx.store.channels(guildOf(req).id).map(apiChannel)),
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/roles',
    handler: (req) => ok(req.ctx.store.roles(guildOf(req).id).map(apiRole)),
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/members',
    handler: (req) => {
      const guild = guildOf(req);
      const limit = boundedInt(req, 'limit', 1, 1000);
      const after = req.query.get('after') ?? '0';
      if (!isSnowflake(after))
        throw Errors.invalidForm('after', 'NUMBER_TYPE_COERCE', 'Value is not snowflake.');
      const members = req.ctx.store
        .members(guild.id)
        .filter((m) => compareSnowflakes(m.userId, after) > 0)
        .slice(0, limit);
      return ok(members.map((m) => apiMember(req.ctx.store, m)));
    },
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/members/search',
    handler: (req) => {
      const guild = guildOf(req);
      const query = (req.query.get('query') ?? '').toLowerCase();
      const limit = boundedInt(req, 'limit', 1, 1000);
      const found = req.ctx.store.members(guild.id).filter((m) => {
        const user = req.ctx.store.user(m.userId);
        return (
          user?.username.toLowerCase().startsWith(query) ||
          user?.globalName?.toLowerCase().startsWith(query) ||
          m.nick?.toLowerCase().startsWith(query)
        );
      });
      return ok(found.slice(0, limit).map((m) => apiMember(req.ctx.store, m)));
    },
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/members/:userId',
    handler: (req) => {
      const guild = guildOf(req);
      const member = req.ctx.store.member(guild.id, req.params.userId ?? '');
      if (!member) throw Errors.unknownMember();
      return ok(apiMember(req.ctx.store, member));
    },
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/bans',
    handler: (req) => {
      const guild = guildOf(req, PermissionBits.BanMembers);
      const limit = boundedInt(req, 'limit', 1000, 1000);
      return ok(
        req.ctx.store
          .bans(guild.id)
          .slice(0, limit)
          .map((b) => apiBan(req.ctx.store, b)),
      );
    },
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/bans/:userId',
    handler: (req) => {
      const guild = guildOf(req, PermissionBits.BanMembers);
      const ban = req.ctx.store.ban(guild.id, req.params.userId ?? '');
      if (!ban) throw Errors.unknownBan();
      return ok(apiBan(req.ctx.store, ban));
    },
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/audit-logs',
    handler: (req) => {
      const guild = guildOf(req, PermissionBits.ViewAuditLog);
      const limit = boundedInt(req, 'limit', 50, 100);
      const entries = [...req.ctx.store.auditLog(guild.id)].reverse().slice(0, limit);
      const userIds = new Set(entries.flatMap((e) => [e.actorId, e.targetId ?? '']));
      return ok({
        audit_log_entries: entries.map((e) => ({
          id: e.id,
          action_type: e.actionType,
          user_id: e.actorId,
          target_id: e.targetId,
          reason: e.reason ?? undefined,
          changes: e.changes,
          ...(e.options ? { options: e.options } : {}),
        })),
        users: [...userIds].flatMap((id) => {
          const u = req.ctx.store.user(id);
          return u ? [apiUser(u)] : [];
        }),
        application_commands: [],
        auto_moderation_rules: [],
        guild_scheduled_events: [],
        integrations: [],
        threads: [],
        webhooks: [],
      });
    },
  },
];
