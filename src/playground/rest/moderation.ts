/** Moderation routes: ban, unban, kick, member edit (timeout, nick, roles), role add/remove. */

import type { MemberAct } from '../actions/context.ts';
import { setMemberRole, updateMember } from '../actions/members.ts';
import { banMember, kickMember, unbanMember } from '../actions/moderation.ts';
import { Errors } from '../errors.ts';
import { apiMember } from '../serialize.ts';
import { noContent, objectBody, ok, type RestRequest, type RouteDef } from './router.ts';

/** The route's member action: the caller on `:userId` of `:guildId`, with the audit-log reason header. */
const memberAct = (req: RestRequest): MemberAct => ({
  actorId: req.actorId,
  guildId: req.params.guildId ?? '',
  targetId: req.params.userId ?? '',
  reason: req.reason,
});

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
      banMember(req.ctx, memberAct(req), seconds);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    route: '/guilds/:guildId/bans/:userId',
    handler: (req) => {
      unbanMember(req.ctx, memberAct(req));
      return noContent();
    },
  },
  {
    method: 'DELETE',
    route: '/guilds/:guildId/members/:userId',
    handler: (req) => {
      kickMember(req.ctx, memberAct(req));
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
      const member = updateMember(req.ctx, memberAct(req), {
        communication_disabled_until: until as string | null | undefined,
        nick: body.nick as string | null | undefined,
        roles: body.roles as string[] | undefined,
      });
      return ok(apiMember(req.ctx.store, member));
    },
  },
  ...(['PUT', 'DELETE'] as const).map(
    (method): RouteDef => ({
      method,
      route: '/guilds/:guildId/members/:userId/roles/:roleId',
      handler: (req) => {
        setMemberRole(req.ctx, memberAct(req), req.params.roleId ?? '', method === 'PUT');
        return noContent();
      },
    }),
  ),
];
