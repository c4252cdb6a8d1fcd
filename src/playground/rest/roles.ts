/** Role create and edit routes. */
import { createRole, editRole, type RoleInput } from '../actions/roles.ts';
import { Errors } from '../errors.ts';
import { apiRole } from '../serialize.ts';
import { objectBody, ok, type RestRequest, type RouteDef } from './router.ts';

function roleInput(req: RestRequest): RoleInput {
  const body = objectBody(req);
  const input: RoleInput = {};
  if (typeof body.name === 'string') input.name = body.name.slice(0, 100);
  if (body.permissions !== undefined && body.permissions !== null) {
    if (typeof body.permissions !== 'string' || !/^\d+$/.test(body.permissions)) {
      throw Errors.invalidForm('permissions', 'NUMBER_TYPE_COERCE', 'Value is not a permission bitfield.');
    }
    input.permissions = BigInt(body.permissions);
  }
  if (typeof body.color === 'number') input.color = body.color;
  if (typeof body.hoist === 'boolean') input.hoist = body.hoist;
  if (typeof body.mentionable === 'boolean') input.mentionable = body.mentionable;
  return input;
}

/** The role routes. */
export const roleRoutes: RouteDef[] = [
  {
    method: 'POST',
    route: '/guilds/:guildId/roles',
    handler: (req) => ok(apiRole(createRole(req.ctx, req.actorId, req.params.guildId ?? '', roleInput(req)))),
  },
  {
    method: 'PATCH',
    route: '/guilds/:guildId/roles/:roleId',
    handler: (req) =>
      ok(
        apiRole(
          editRole(req.ctx, req.actorId, req.params.guildId ?? '', req.params.roleId ?? '', roleInput(req)),
        ),
      ),
  },
];
