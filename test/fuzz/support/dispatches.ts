/**
 * Arbitraries for the gateway dispatches Ery handles besides MESSAGE_CREATE
 * (https://discord.com/developers/docs/events/gateway-events), each with fields missing, null, of
 * the wrong type or huge, or with a `d` that is not an object at all. They never name the demo
 * server as a whole (a GUILD_CREATE of it would rightly replace its channels) nor change who the
 * bot is (a READY of another user would rightly make Ery someone else).
 */
import fc from 'fast-check';
import { anyJson, anyText } from '../fuzz-params.ts';
import { maybe, messageFields, snowflakeish } from './message-fields.ts';

/** A raw dispatch: its type and payload. */
export interface RawDispatch {
  t: string;
  d: unknown;
}

/** Ids of the world the dispatches are about. */
export interface DispatchWorld {
  guildId: string;
  channelIds: readonly string[];
  userIds: readonly string[];
  botUserId: string;
  /** Ids of messages that exist (edits, deletes and reactions aim at them too). */
  messageIds: () => readonly string[];
}

const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.record(fields, { requiredKeys: [] });

export function dispatches(world: DispatchWorld): fc.Arbitrary<RawDispatch> {
  const guild = fc.oneof({ weight: 3, arbitrary: fc.constant(world.guildId) }, snowflakeish);
  const channel = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.channelIds) }, snowflakeish);
  const userId = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.userIds) }, snowflakeish);
  const message = fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => world.messageIds().at(-1) ?? '1') },
    snowflakeish,
  );
  // A real user's bot flag is left alone: Discord never flips it, and a bot's messages are rightly
  // ignored (ERY_IGNORE_BOTS), so a fuzzed flip would only silence that user.
  const user = fc.oneof(
    partial({ id: userId, username: maybe(anyText(60)), global_name: maybe(anyText(60)) }),
    partial({ id: snowflakeish, username: maybe(anyText(60)), bot: maybe(fc.boolean()) }),
  );
  const member = partial({
    user: maybe(user),
    roles: maybe(fc.array(snowflakeish, { maxLength: 4 })),
    nick: maybe(anyText(100)),
    joined_at: maybe(fc.string()),
    communication_disabled_until: maybe(fc.string()),
  });
  const emoji = partial({ id: maybe(snowflakeish), name: maybe(anyText(40)), animated: maybe(fc.boolean()) });
  const of = (t: string, d: fc.Arbitrary<unknown>) => d.map((payload) => ({ t, d: payload }));
  const shaped = fc.oneof(
    of(
      'MESSAGE_UPDATE',
      fc
        .tuple(
          partial({ id: message, channel_id: channel, guild_id: guild, author: maybe(user) }),
          messageFields(world.channelIds, world.guildId),
        )
        .map(([ids, fields]) => ({ ...fields, ...ids })),
    ),
    of('MESSAGE_DELETE', partial({ id: message, channel_id: channel, guild_id: guild })),
    of(
      'MESSAGE_DELETE_BULK',
      partial({ ids: maybe(fc.array(message, { maxLength: 5 })), channel_id: channel, guild_id: guild }),
    ),
    of(
      'GUILD_MEMBER_ADD',
      fc.tuple(member, partial({ guild_id: guild })).map(([m, g]) => ({ ...m, ...g })),
    ),
    of(
      'GUILD_MEMBER_UPDATE',
      fc.tuple(member, partial({ guild_id: guild })).map(([m, g]) => ({ ...m, ...g })),
    ),
    of('GUILD_MEMBER_REMOVE', partial({ guild_id: guild, user: maybe(user) })),
    ...['MESSAGE_REACTION_ADD', 'MESSAGE_REACTION_REMOVE'].map((t) =>
      of(
        t,
        partial({
          user_id: userId,
          channel_id: channel,
          message_id: message,
          guild_id: guild,
          emoji: maybe(emoji),
          member: maybe(member),
          burst: maybe(fc.boolean()),
          type: maybe(fc.integer()),
        }),
      ),
    ),
    of('MESSAGE_REACTION_REMOVE_ALL', partial({ channel_id: channel, message_id: message, guild_id: guild })),
    of(
      'READY',
      partial({
        v: maybe(fc.integer()),
        user: fc.oneof(
          fc.constant({ id: world.botUserId, username: 'Ery', bot: true }),
          fc.constant(null),
          fc.string(),
        ),
        guilds: maybe(fc.constant([])),
        session_id: maybe(fc.string()),
        resume_gateway_url: maybe(fc.webUrl()),
        application: maybe(partial({ id: snowflakeish, flags: maybe(fc.integer()) })),
      }),
    ),
    of('RESUMED', anyJson()),
    of(
      'GUILD_CREATE',
      partial({
        id: snowflakeish,
        name: maybe(anyText(100)),
        unavailable: maybe(fc.boolean()),
        channels: maybe(
          fc.array(
            partial({
              id: snowflakeish,
              type: maybe(fc.integer({ min: -1, max: 20 })),
              name: maybe(anyText(100)),
            }),
            { maxLength: 4 },
          ),
        ),
        roles: maybe(
          fc.array(
            partial({ id: snowflakeish, name: maybe(anyText(100)), permissions: maybe(fc.string()) }),
            { maxLength: 3 },
          ),
        ),
        members: maybe(fc.array(member, { maxLength: 3 })),
        member_count: maybe(fc.integer()),
      }),
    ),
  );
  // Any type with a `d` that is not even an object.
  const broken = fc
    .tuple(
      fc.constantFrom(
        'MESSAGE_CREATE',
        'MESSAGE_UPDATE',
        'MESSAGE_DELETE',
        'GUILD_MEMBER_ADD',
        'MESSAGE_REACTION_ADD',
        'GUILD_CREATE',
        'RESUMED',
      ),
      fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.array(anyJson(), { maxLength: 3 })),
    )
    .map(([t, d]) => ({ t, d }));
  return fc.oneof({ weight: 5, arbitrary: shaped }, broken);
}
