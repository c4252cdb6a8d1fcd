/** Routes about the bot itself and the gateway address. */
import { apiDirectChannel, openDirectMessage } from '../actions/direct-messages.ts';
import { Errors } from '../errors.ts';
import { apiUser } from '../serialize.ts';
import { isSnowflake } from '../snowflake.ts';
import { objectBody, ok, type RouteDef } from './router.ts';

/** How many IDENTIFYs the playground allows per day (Discord's default for small bots). */
const SESSION_START_TOTAL = 1000;

/** The user and gateway routes. */
export const userRoutes: RouteDef[] = [
  {
    method: 'GET',
    route: '/gateway/bot',
    handler: (req) =>
      ok({
        url: req.gatewayUrl,
        shards: 1,
        session_start_limit: {
          total: SESSION_START_TOTAL,
          remaining: SESSION_START_TOTAL,
          reset_after: 86_400_000,
          max_concurrency: 1,
        },
      }),
  },
  { method: 'GET', route: '/gateway', handler: (req) => ok({ url: req.gatewayUrl }) },
  {
    method: 'GET',
    route: '/users/@me',
    handler: (req) => {
      const user = req.ctx.store.user(req.actorId);
      if (!user) throw Errors.unknownUser();
      return ok({ ...apiUser(user), verified: true, mfa_enabled: false, locale: 'en-US', email: null });
    },
  },
  {
    // Create DM (https://discord.com/developers/docs/resources/user#create-dm): the DM channel with
    // `recipient_id`, the existing one if there is one; what discord.js's `user.createDM()` calls.
    method: 'POST',
    route: '/users/@me/channels',
    handler: (req) => {
      const recipientId = objectBody(req).recipient_id;
      if (typeof recipientId !== 'string' || !isSnowflake(recipientId)) {
        throw Errors.invalidForm('recipient_id', 'NUMBER_TYPE_COERCE', 'Value is not snowflake.');
      }
      const channel = openDirectMessage(req.ctx, req.actorId, recipientId);
      return ok(apiDirectChannel(req.ctx.store, channel, req.actorId));
    },
  },
  {
    method: 'GET',
    route: '/users/:userId',
    handler: (req) => {
      const user = req.ctx.store.user(req.params.userId ?? '');
      if (!user) throw Errors.unknownUser();
      return ok(apiUser(user));
    },
  },
  {
    method: 'GET',
    route: '/applications/@me',
    handler: (req) => {
      const user = req.ctx.store.user(req.actorId);
      if (!user) throw Errors.unknownUser();
      return ok({
        id: user.id,
        name: user.username,
        icon: null,
        description: 'Ery in the local playground',
        bot_public: false,
        bot_require_code_grant: false,
        bot: apiUser(user),
        flags: 0,
        verify_key: '0'.repeat(64),
        team: null,
      });
    },
  },
];
