/** Moderation routes: ban, unban, kick, member edit (timeout, nick, roles), role add/remove. */
import { setMemberRole, updateMember } from '../actions/members.ts';
import { banMember, kickMember, unbanMember } from '../actions/moderation.ts';
import { Errors } from '../errors.ts';
import { apiMember } from '../serialize.ts';
import { noContent, objectBody, ok, type RestRequest, type RouteDef } from './router.ts';

const ids = (req: RestRequest) => [req.params.guildId ?? '', req.params.userId ?? ''] as const;

/** The moderation routes. */
export const moderationRoutes: RouteDef[] = [
  {
    method: 'PUT',
    route: '/guilds/:guildId/bans/:userId',
    handler: (req) => {
      const body = objectBody(req);
      // `delete_message_days` is the deprecated spelling discord.js no longer sends; honour both.
      const seconds =
        body.delete_message_seconds ??
        (typeof body.delete_message_days === 'number' ? body.delete_message_days * 86_400 : undefined);
      if (seconds !== undefined && typeof seconds !== 'number') {
        throw Errors.invalidForm('delete_message_seconds', 'NUMBER_TYPE_COERCE', 'Value is not int.');
      }
      const [guildId, userId] = ids(req);
      banMember(req.ctx, req.actorId, guildId, userId, { deleteMessageSeconds: seconds, reason: req.reason });
      return noContent();
    },
  },
  {
    method: 'DELETE',
    route: '/guilds/:guildId/bans/:userId',
    handler: (req) => {
      const [guildId, userId] = ids(req);
      unbanMember(req.ctx, req.actorId, guildId, userId, req.reason);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    route: '/guilds/:guildId/members/:userId',
    handler: (req) => {
      const [guildId, userId] = ids(req);
      kickMember(req.ctx, req.actorId, guildId, userId, req.reason);
      return noContent();
    },
  },
  {
    method: 'PATCH',
    route: '/guilds/:guildId/members/:userId',
    handler: (req) => {
      const body = objectBody(req);
      const until = body.communication_disabled_until;
      if (until !== undefined && until !== null && typeof until !== 'string') {
        throw Errors.invalidForm(
          'communication_disabled_until',
          'DATE_TYPE_PARSE',
          'Could not parse the date.',
        );
      }
      if (body.nick !== undefined && body.nick !== null && typeof body.nick !== 'string') {
        throw Errors.invalidForm('nick', 'BASE_TYPE_STRING', 'Must be a string.');
      }
      if (body.roles !== undefined && !Array.isArray(body.roles)) {
        throw Errors.invalidForm('roles', 'BASE_TYPE_ARRAY', 'Must be an array.');
      }
      const [guildId, userId] = ids(req);
      const member = updateMember(
        req.ctx,
        req.actorId,
        guildId,
        userId,
        {
          communication_disabled_until: until as string | null | undefined,
          nick: body.nick as string | null | undefined,
          roles: body.roles as string[] | undefined,
        },
        req.reason,
      );
      return ok(apiMember(req.ctx.store, member));
    },
  },
  ...(['PUT', 'DELETE'] as const).map(
    (method): RouteDef => ({
      method,
      route: '/guilds/:guildId/members/:userId/roles/:roleId',
      handler: (req) => {
        const [guildId, userId] = ids(req);
        setMemberRole(
          req.ctx,
          req.actorId,
          guildId,
          userId,
          req.params.roleId ?? '',
          method === 'PUT',
          req.reason,
        );
        return noContent();
      },
    }),
  ),
];
