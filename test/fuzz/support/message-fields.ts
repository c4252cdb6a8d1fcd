/**
 * Arbitraries for the raw fields of a Discord message
 * (https://discord.com/developers/docs/resources/message#message-object): each field is either a
 * plausible shape with fuzzed members, or missing, null, of the wrong type or huge.
 */
import fc from 'fast-check';
import { anyJson, anyText } from '../fuzz-params.ts';

/** A value of `shape`, or something that is not: null, any JSON, nothing. */
export const maybe = <T>(shape: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> =>
  fc.oneof({ weight: 12, arbitrary: shape }, fc.constant(null), anyJson());

/** An object with any subset of `fields`. */
const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.record(fields, { requiredKeys: [] });

/** A snowflake, or something a snowflake field should never hold. */
export const snowflakeish = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String) },
  fc.constantFrom('0', '-1', '', 'abc', '18446744073709551616', '1e21', ' 1'),
  fc.integer().map((n) => n),
);

/** Discord's message types, known and not. */
export const messageType = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 4, 6, 7, 8, 12, 14, 18, 19, 20, 21, 23, 24, 25, 27, 30, 36, 44, 46),
  fc.integer({ min: -3, max: 80 }),
);

const user = partial({
  id: snowflakeish,
  username: maybe(anyText(100)),
  global_name: maybe(anyText(100)),
  discriminator: maybe(fc.string({ maxLength: 5 })),
  avatar: maybe(fc.string({ maxLength: 40 })),
  bot: maybe(fc.boolean()),
  flags: maybe(fc.integer()),
  public_flags: maybe(fc.integer()),
});

const attachment = partial({
  id: snowflakeish,
  filename: maybe(anyText(300)),
  size: maybe(fc.oneof(fc.nat(), fc.integer(), fc.double())),
  url: maybe(fc.webUrl()),
  proxy_url: maybe(fc.webUrl()),
  content_type: maybe(fc.constantFrom('text/plain', 'image/png', 'audio/ogg', '', 'x/')),
  duration_secs: maybe(fc.double()),
  waveform: maybe(fc.base64String({ maxLength: 40 })),
  flags: maybe(fc.integer()),
});

const embed = partial({
  type: maybe(fc.constantFrom('rich', 'image', 'video', 'link', 'auto_moderation_message')),
  title: maybe(anyText(300)),
  description: maybe(anyText(5000)),
  url: maybe(fc.webUrl()),
  fields: maybe(
    fc.array(partial({ name: maybe(anyText(300)), value: maybe(anyText(1100)) }), { maxLength: 30 }),
  ),
  footer: maybe(partial({ text: maybe(anyText(2100)) })),
  author: maybe(partial({ name: maybe(anyText(300)) })),
});

const poll = partial({
  question: maybe(partial({ text: maybe(anyText(400)) })),
  answers: maybe(
    fc.array(
      partial({ answer_id: maybe(fc.integer()), poll_media: maybe(partial({ text: maybe(anyText(100)) })) }),
      {
        maxLength: 12,
      },
    ),
  ),
  expiry: maybe(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
  allow_multiselect: maybe(fc.boolean()),
  layout_type: maybe(fc.integer()),
});

/** The fields a message's snapshot or the message itself may carry beside its content. */
const content = {
  content: maybe(anyText(4500)),
  embeds: maybe(fc.array(embed, { maxLength: 12 })),
  attachments: maybe(fc.array(attachment, { maxLength: 12 })),
  sticker_items: maybe(
    fc.array(partial({ id: snowflakeish, name: maybe(anyText(60)), format_type: maybe(fc.integer()) }), {
      maxLength: 4,
    }),
  ),
  poll: maybe(poll),
  flags: maybe(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(0, 4, 1 << 13, 1 << 14) },
      fc.integer(),
      fc.constantFrom(-1, 2 ** 53),
    ),
  ),
  type: maybe(messageType),
  timestamp: maybe(
    fc.oneof(
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'bad' : d.toISOString())),
      fc.string(),
    ),
  ),
};

/** Where a message may point: a reply, a forward, garbage. */
export const messageReference = (channelIds: readonly string[], guildId: string) =>
  partial({
    type: maybe(fc.constantFrom(0, 1, 2, -1)),
    message_id: maybe(snowflakeish),
    channel_id: maybe(fc.oneof(fc.constantFrom(...channelIds), snowflakeish)),
    guild_id: maybe(fc.oneof(fc.constant(guildId), snowflakeish)),
    fail_if_not_exists: maybe(fc.boolean()),
  });

/**
 * Raw message fields other than who, where and the content: every one of them optional and each
 * possibly broken, for a MESSAGE_CREATE or MESSAGE_UPDATE.
 */
export const messageFields = (channelIds: readonly string[], guildId: string) =>
  partial({
    ...content,
    message_reference: maybe(messageReference(channelIds, guildId)),
    message_snapshots: maybe(fc.array(partial({ message: maybe(partial(content)) }), { maxLength: 3 })),
    referenced_message: maybe(
      partial({ id: snowflakeish, content: maybe(anyText(100)), author: maybe(user) }),
    ),
    mentions: maybe(fc.array(user, { maxLength: 5 })),
    mention_roles: maybe(fc.array(snowflakeish, { maxLength: 5 })),
    mention_everyone: maybe(fc.boolean()),
    member: maybe(
      partial({
        roles: maybe(fc.array(snowflakeish, { maxLength: 4 })),
        nick: maybe(anyText(100)),
        joined_at: maybe(fc.string()),
      }),
    ),
    edited_timestamp: maybe(fc.string()),
    pinned: maybe(fc.boolean()),
    tts: maybe(fc.boolean()),
    components: maybe(fc.constant([])),
    interaction_metadata: maybe(fc.constant(undefined)),
  });

/** An author, possibly broken (for raw dispatches, where the playground does not fill it in). */
export const authorField = (realUserIds: readonly string[]) =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: fc.constantFrom(...realUserIds).map((id) => ({ id, username: 'fuzz', discriminator: '0' })),
    },
    maybe(user),
  );
