/**
 * Application command registration and interaction responses
 * (https://discord.com/developers/docs/interactions/application-commands,
 * https://discord.com/developers/docs/interactions/receiving-and-responding). The callback and
 * webhook routes carry their own token in the path and need no `Authorization`, as on Discord.
 */
import { Errors } from '../errors.ts';
import { noContent, objectBody, ok, type RestRequest, type RouteDef } from './router.ts';

function requireOwnApplication(req: RestRequest): string {
  const { applicationId } = req.params;
  // A bot may only manage its own application's commands (the application shares the bot's id).
  if (applicationId !== req.actorId) throw Errors.missingAccess();
  const guildId = req.params.guildId;
  if (guildId !== undefined && !req.ctx.store.member(guildId, req.actorId)) throw Errors.missingAccess();
  return applicationId;
}

const guildOf = (req: RestRequest) => req.params.guildId ?? null;

/** Routes for commands and interactions. */
export const interactionRoutes: RouteDef[] = [
  ...(
    [
      '/applications/:applicationId/commands',
      '/applications/:applicationId/guilds/:guildId/commands',
    ] as const
  ).flatMap((route): RouteDef[] => [
    {
      method: 'GET',
      route,
      handler: (req) => ok(req.ctx.commands.list(requireOwnApplication(req), guildOf(req))),
    },
    {
      method: 'PUT',
      route,
      handler: (req) =>
        ok(req.ctx.commands.overwrite(requireOwnApplication(req), guildOf(req), req.body ?? [])),
    },
    {
      method: 'POST',
      route,
      handler: (req) => ({
        status: 201,
        body: req.ctx.commands.create(requireOwnApplication(req), guildOf(req), objectBody(req)),
      }),
    },
  ]),
  {
    method: 'POST',
    route: '/interactions/:interactionId/:token/callback',
    auth: false,
    handler: (req) => {
      const body = req.ctx.interactions.callback(
        req.params.interactionId as string,
        req.params.token as string,
        objectBody(req),
        req.query.get('with_response') === 'true',
      );
      return body === undefined ? noContent() : ok(body);
    },
  },
  {
    method: 'GET',
    route: '/webhooks/:applicationId/:token/messages/@original',
    auth: false,
    handler: (req) =>
      ok(req.ctx.interactions.original(req.params.applicationId as string, req.params.token as string)),
  },
  {
    method: 'PATCH',
    route: '/webhooks/:applicationId/:token/messages/@original',
    auth: false,
    handler: (req) =>
      ok(
        req.ctx.interactions.original(
          req.params.applicationId as string,
          req.params.token as string,
          objectBody(req),
        ),
      ),
  },
  {
    method: 'POST',
    route: '/webhooks/:applicationId/:token',
    auth: false,
    handler: (req) =>
      ok(
        req.ctx.interactions.followup(
          req.params.applicationId as string,
          req.params.token as string,
          objectBody(req),
        ),
      ),
  },
];
