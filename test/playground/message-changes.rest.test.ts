/**
 * Edit, delete and bulk delete over raw HTTP, refused with Discord's codes and bodies, and the same
 * rules through the in-process API. The world holds one message from three weeks ago, too old to
 * bulk-delete.
 */
import { describe, expect, test } from 'bun:test';
import { ApiError, type Playground } from '../../src/playground/index.ts';
import { seedDemo } from '../../src/playground/seed.ts';
import { snowflakeAt } from '../../src/playground/snowflake.ts';
import { thrown } from '../support/errors.ts';
import { api, usePlayground } from './helpers.ts';

let pg: Playground;
let oldId: string;

usePlayground(
  {
    port: 0,
    seed: (store, now) => {
      const ids = seedDemo(store, now);
      const at = now - 21 * 86_400_000;
      oldId = snowflakeAt(at);
      store.putMessage({
        id: oldId,
        channelId: ids.channels.general,
        guildId: ids.guildId,
        authorId: ids.users.alice,
        content: 'three weeks ago',
        type: 0,
        createdAt: at,
        editedAt: null,
        referencedMessageId: null,
        mentionUserIds: [],
        mentionRoleIds: [],
        mentionEveryone: false,
        nonce: null,
        reactions: [],
      });
    },
  },
  (started) => {
    pg = started.pg;
  },
);

const as = (userId: string) => pg.tokenFor(userId);
const messages = () => `/channels/${pg.demo.channels.general}/messages`;
const post = (authorId: string, content = 'hello') =>
  pg.postMessage({ channelId: pg.demo.channels.general, authorId, content }).id;
const missing = '1234567890123456789';
/** An id of no message, made now: young enough for a bulk delete. */
const recentMissing = () => snowflakeAt(Date.now());

describe('PATCH a message', () => {
  test('GIVEN the author edits THEN 200 with the whole message and its edited_timestamp', async () => {
    const id = post(pg.demo.users.alice);
    const res = await api(pg, 'PATCH', `${messages()}/${id}`, {
      token: as(pg.demo.users.alice),
      body: { content: 'hello, edited' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, content: 'hello, edited', author: { id: pg.demo.users.alice } });
    expect(Date.parse(res.body.edited_timestamp)).toBe(pg.state.message(id)?.editedAt as number);
  });

  test('GIVEN bad edits THEN the codes Discord gives and the message unchanged', async () => {
    const id = post(pg.demo.users.alice, 'as it was');
    const token = as(pg.demo.users.alice);
    const edit = (path: string, body: unknown, t = token) => api(pg, 'PATCH', path, { token: t, body });
    const results = await Promise.all([
      edit(`${messages()}/${id}`, { content: 42 }),
      edit(`${messages()}/${id}`, { content: 'x'.repeat(2001) }),
      edit(`${messages()}/${id}`, { content: '  ' }),
      edit(`${messages()}/${missing}`, { content: 'x' }),
      edit(`/channels/${pg.demo.channels.random}/messages/${id}`, { content: 'x' }),
      edit(`${messages()}/${id}`, { content: 'x' }, as(pg.demo.users.bob)),
      edit(`${messages()}/${id}`, { flags: 4 }, as(pg.demo.users.bob)),
    ]);
    expect(results.map((r) => [r.status, r.body.code])).toEqual([
      [400, 50035],
      [400, 50035],
      [400, 50006],
      [404, 10008],
      [404, 10008],
      [403, 50005],
      [403, 50013],
    ]);
    expect(results[0]?.body.errors.content._errors[0].code).toBe('BASE_TYPE_STRING');
    expect(results[5]?.body).toEqual({
      code: 50005,
      message: 'Cannot edit a message authored by another user',
    });
    expect(pg.state.message(id)).toMatchObject({ content: 'as it was', editedAt: null });
  });

  test('GIVEN a system message THEN its author cannot edit it (50021)', async () => {
    const joined = pg.injectMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      type: 7,
    });
    const res = await api(pg, 'PATCH', `${messages()}/${joined.id}`, {
      token: as(pg.demo.users.bob),
      body: { content: 'I did not join' },
    });
    expect(res.body.code).toBe(50021);
  });

  test('GIVEN an edit with allowed_mentions parse [] THEN the new content pings nobody', async () => {
    const id = post(pg.demo.users.alice);
    const res = await api(pg, 'PATCH', `${messages()}/${id}`, {
      token: as(pg.demo.users.alice),
      body: { content: `<@${pg.demo.users.bob}> @everyone`, allowed_mentions: { parse: [] } },
    });
    expect(res.body.mentions).toEqual([]);
    expect(res.body.mention_everyone).toBe(false);
  });
});

describe('DELETE a message', () => {
  test('GIVEN a moderator deletes with a reason THEN 204, replies lose their referenced message and the audit log shows the reason', async () => {
    const id = post(pg.demo.users.alice, 'rude');
    const reply = pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: 'hey',
      replyToId: id,
    });
    const res = await api(pg, 'DELETE', `${messages()}/${id}`, {
      token: as(pg.demo.users.moderator),
      reason: 'rule 2',
    });
    expect(res.status).toBe(204);
    expect((await api(pg, 'GET', `${messages()}/${id}`)).body.code).toBe(10008);
    expect((await api(pg, 'GET', `${messages()}/${reply.id}`)).body.referenced_message).toBeNull();
    const log = await api(pg, 'GET', `/guilds/${pg.demo.guildId}/audit-logs`, {
      token: as(pg.demo.users.moderator),
    });
    expect(log.body.audit_log_entries[0]).toMatchObject({
      action_type: 72,
      user_id: pg.demo.users.moderator,
      target_id: pg.demo.users.alice,
      reason: 'rule 2',
      options: { channel_id: pg.demo.channels.general, count: '1' },
    });
  });

  test('GIVEN an unknown message or a channel Alice cannot see THEN 10008 and 50001', async () => {
    const token = as(pg.demo.users.alice);
    const unknown = await api(pg, 'DELETE', `${messages()}/${missing}`, { token });
    const hidden = await api(pg, 'DELETE', `/channels/${pg.demo.channels.modLog}/messages/${missing}`, {
      token,
    });
    expect([unknown.status, unknown.body]).toEqual([404, { code: 10008, message: 'Unknown Message' }]);
    expect([hidden.status, hidden.body.code]).toEqual([403, 50001]);
  });
});

describe('POST bulk-delete', () => {
  const bulk = (body: unknown, token = as(pg.demo.users.moderator)) =>
    api(pg, 'POST', `${messages()}/bulk-delete`, { token, body });

  test('GIVEN ids of which some do not exist THEN 204, the known ones go and the unknown are skipped', async () => {
    const ids = [post(pg.demo.users.alice), post(pg.demo.users.bob)];
    const res = await bulk({ messages: [...ids, recentMissing()] });
    expect(res.status).toBe(204);
    expect(ids.map((id) => pg.state.message(id))).toEqual([undefined, undefined]);
    const events = pg.events().filter((e) => e.type === 'message.deleted' && ids.includes(e.messageId));
    expect(events.map((e) => e.type === 'message.deleted' && e.bulk)).toEqual([true, true]);
  });

  test('GIVEN bodies Discord refuses THEN 50035 naming the field, and nothing is deleted', async () => {
    const id = post(pg.demo.users.alice);
    const results = await Promise.all([
      bulk({}),
      bulk({ messages: id }),
      bulk({ messages: [id] }),
      bulk({ messages: Array.from({ length: 101 }, () => id) }),
      bulk({ messages: [id, id] }),
      bulk({ messages: [id, 'not-an-id'] }),
    ]);
    expect(results.map((r) => [r.status, r.body.code])).toEqual(Array(6).fill([400, 50035]));
    expect(results.map((r) => Object.keys(r.body.errors.messages))).toEqual([
      ['_errors'],
      ['_errors'],
      ['_errors'],
      ['_errors'],
      ['_errors'],
      ['1'],
    ]);
    expect(pg.state.message(id)).toBeDefined();
  });

  test('GIVEN a message older than 14 days THEN 400 50034 and none of them is deleted', async () => {
    const recent = post(pg.demo.users.bob);
    const res = await bulk({ messages: [recent, oldId] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 50034,
      message: 'You can only bulk delete messages that are under 14 days old.',
    });
    expect(pg.state.message(recent)).toBeDefined();
    expect(pg.state.message(oldId)).toBeDefined();
  });
});

describe('the in-process API', () => {
  test('GIVEN editMessage, deleteMessage and bulkDeleteMessages THEN they act like the routes and report events', async () => {
    const { users } = pg.demo;
    const channelId = pg.demo.channels.general;
    const id = post(users.bob, 'typo');
    const edited = pg.editMessage({ channelId, messageId: id, authorId: users.bob, content: 'fixed' });
    expect(edited.content).toBe('fixed');
    expect(edited.edited_timestamp).toBeString();
    const updated = await pg.waitFor((e) => e.type === 'message.updated' && e.message.id === id);
    expect(updated.type === 'message.updated' && updated.message.content).toBe('fixed');

    pg.deleteMessage({ channelId, messageId: id, actorId: users.bob });
    expect(pg.state.message(id)).toBeUndefined();
    const ids = [post(users.alice), post(users.bob)];
    expect(
      pg.bulkDeleteMessages({ channelId, messageIds: [...ids, recentMissing()], actorId: users.moderator }),
    ).toEqual(ids);
  });

  test('GIVEN the in-process API breaks a rule THEN it throws the ApiError the route answers with', () => {
    const { users } = pg.demo;
    const channelId = pg.demo.channels.general;
    const id = post(users.alice);
    const codes = [
      thrown(() => pg.editMessage({ channelId, messageId: id, authorId: users.bob, content: 'x' })),
      thrown(() => pg.deleteMessage({ channelId, messageId: id, actorId: users.bob })),
      thrown(() => pg.bulkDeleteMessages({ channelId, messageIds: [id, missing], actorId: users.alice })),
      thrown(() => pg.bulkDeleteMessages({ channelId, messageIds: [id], actorId: users.moderator })),
    ];
    expect(codes.every((error) => error instanceof ApiError)).toBe(true);
    expect(codes.map((error) => (error as ApiError).discordCode)).toEqual([50005, 50013, 50013, 50035]);
    expect(pg.state.message(id)?.content).toBe('hello');
  });
});
