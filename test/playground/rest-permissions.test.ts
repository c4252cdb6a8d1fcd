/**
 * Discord's permission checks over HTTP: members without a permission get 403/50013, hidden channels
 * 50001, and the role hierarchy protects those above the actor. Each test starts a fresh playground.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { bits } from '../../src/playground/permissions.ts';
import { api } from './helpers.ts';

let pg: Playground;

beforeEach(async () => {
  pg = await startPlayground({ port: 0 });
});

afterEach(async () => {
  await pg?.stop();
});

const as = (userId: string) => pg.tokenFor(userId);
const g = () => pg.demo.guildId;

describe('refusals', () => {
  test('GIVEN a wrong token THEN 401 and nothing happens', async () => {
    const res = await api(pg, 'GET', '/users/@me', { token: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  test('GIVEN Alice without BanMembers bans Bob THEN 403 50013 and Bob stays', async () => {
    const res = await api(pg, 'PUT', `/guilds/${g()}/bans/${pg.demo.users.bob}`, {
      token: as(pg.demo.users.alice),
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ code: 50013, message: 'Missing Permissions' });
    expect(pg.state.member(g(), pg.demo.users.bob)).toBeDefined();
    expect(pg.state.ban(g(), pg.demo.users.bob)).toBeUndefined();
  });

  test('GIVEN Ery kicks the moderator above it THEN 50013; kicking Bob below it succeeds with the reason', async () => {
    const refused = await api(pg, 'DELETE', `/guilds/${g()}/members/${pg.demo.users.moderator}`);
    expect(refused.body.code).toBe(50013);
    const kicked = await api(pg, 'DELETE', `/guilds/${g()}/members/${pg.demo.users.bob}`, {
      reason: 'bye Bob',
    });
    expect(kicked.status).toBe(204);
    expect(pg.state.member(g(), pg.demo.users.bob)).toBeUndefined();
    expect(pg.state.auditLog(g()).at(-1)).toMatchObject({
      actionType: 20,
      actorId: pg.demo.users.ery,
      reason: 'bye Bob',
    });
  });

  test('GIVEN a kick of someone who already left THEN 404 10007 Unknown Member', async () => {
    await api(pg, 'DELETE', `/guilds/${g()}/members/${pg.demo.users.bob}`);
    const again = await api(pg, 'DELETE', `/guilds/${g()}/members/${pg.demo.users.bob}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe(10007);
  });

  test('GIVEN the moderator acts on the owner THEN ban, kick and timeout are all refused', async () => {
    const token = as(pg.demo.users.moderator);
    const owner = pg.demo.users.owner;
    const until = new Date(Date.now() + 60_000).toISOString();
    const results = await Promise.all([
      api(pg, 'PUT', `/guilds/${g()}/bans/${owner}`, { token }),
      api(pg, 'DELETE', `/guilds/${g()}/members/${owner}`, { token }),
      api(pg, 'PATCH', `/guilds/${g()}/members/${owner}`, {
        token,
        body: { communication_disabled_until: until },
      }),
    ]);
    expect(results.map((r) => r.body.code)).toEqual([50013, 50013, 50013]);
  });

  test('GIVEN Ery gives the Moderator role (above its own) or its managed role THEN 50013; Trusted works', async () => {
    const bob = pg.demo.users.bob;
    const moderator = await api(pg, 'PUT', `/guilds/${g()}/members/${bob}/roles/${pg.demo.roles.moderator}`);
    expect(moderator.body.code).toBe(50013);
    const managed = await api(pg, 'PUT', `/guilds/${g()}/members/${bob}/roles/${pg.demo.roles.ery}`);
    expect(managed.body.code).toBe(50013);
    const trusted = await api(pg, 'PUT', `/guilds/${g()}/members/${bob}/roles/${pg.demo.roles.trusted}`);
    expect(trusted.status).toBe(204);
    expect(pg.state.member(g(), bob)?.roleIds).toEqual([pg.demo.roles.member, pg.demo.roles.trusted]);
  });

  test('GIVEN an unknown role THEN 404 10011', async () => {
    const res = await api(pg, 'PUT', `/guilds/${g()}/members/${pg.demo.users.bob}/roles/1234567890123456789`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(10011);
  });

  test('GIVEN an administrator member THEN even a higher-ranked bot cannot time them out', async () => {
    const owner = as(pg.demo.users.owner);
    const admin = await api(pg, 'POST', `/guilds/${g()}/roles`, {
      token: owner,
      body: { name: 'Admins', permissions: bits('Administrator').toString() },
    });
    expect(admin.status).toBe(200);
    await api(pg, 'PUT', `/guilds/${g()}/members/${pg.demo.users.bob}/roles/${admin.body.id}`, {
      token: owner,
    });
    const until = new Date(Date.now() + 60_000).toISOString();
    const res = await api(pg, 'PATCH', `/guilds/${g()}/members/${pg.demo.users.bob}`, {
      body: { communication_disabled_until: until },
    });
    expect(res.body.code).toBe(50013);
    expect(pg.state.member(g(), pg.demo.users.bob)?.communicationDisabledUntil).toBeNull();
  });

  test('GIVEN a timeout beyond 28 days THEN 400 50035 naming the field', async () => {
    const until = new Date(Date.now() + 29 * 86_400_000).toISOString();
    const res = await api(pg, 'PATCH', `/guilds/${g()}/members/${pg.demo.users.bob}`, {
      body: { communication_disabled_until: until },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(50035);
    expect(res.body.errors.communication_disabled_until._errors[0].code).toBeString();
  });

  test('GIVEN a timed-out member THEN they can no longer post (50013) until the timeout is lifted', async () => {
    const bob = pg.demo.users.bob;
    const until = new Date(Date.now() + 60_000).toISOString();
    expect(
      (
        await api(pg, 'PATCH', `/guilds/${g()}/members/${bob}`, {
          body: { communication_disabled_until: until },
        })
      ).status,
    ).toBe(200);
    const refused = await api(pg, 'POST', `/channels/${pg.demo.channels.general}/messages`, {
      token: as(bob),
      body: { content: 'let me speak' },
    });
    expect(refused.body.code).toBe(50013);
    await api(pg, 'PATCH', `/guilds/${g()}/members/${bob}`, { body: { communication_disabled_until: null } });
    const sent = await api(pg, 'POST', `/channels/${pg.demo.channels.general}/messages`, {
      token: as(bob),
      body: { content: 'thanks' },
    });
    expect(sent.status).toBe(200);
  });

  test('GIVEN Alice and the hidden #mod-log THEN reading or posting is 50001 Missing Access; Ery may post', async () => {
    const modLog = pg.demo.channels.modLog;
    const alice = as(pg.demo.users.alice);
    expect((await api(pg, 'GET', `/channels/${modLog}`, { token: alice })).body.code).toBe(50001);
    const post = await api(pg, 'POST', `/channels/${modLog}/messages`, {
      token: alice,
      body: { content: 'hi' },
    });
    expect(post.status).toBe(403);
    expect(post.body.code).toBe(50001);
    const ery = await api(pg, 'POST', `/channels/${modLog}/messages`, {
      body: { content: 'Bob was kicked' },
    });
    expect(ery.status).toBe(200);
  });

  test('GIVEN unknown ids THEN the matching Unknown codes', async () => {
    const missing = '1234567890123456789';
    const codes = await Promise.all([
      api(pg, 'GET', `/channels/${missing}`),
      api(pg, 'GET', `/guilds/${missing}`),
      api(pg, 'GET', `/guilds/${g()}/members/${missing}`),
      api(pg, 'GET', `/channels/${pg.demo.channels.general}/messages/${missing}`),
      api(pg, 'PUT', `/guilds/${g()}/bans/${missing}`),
    ]);
    expect(codes.map((r) => [r.status, r.body.code])).toEqual([
      [404, 10003],
      [404, 10004],
      [404, 10007],
      [404, 10008],
      [404, 10013],
    ]);
  });

  test('GIVEN a member list THEN it pages by user id with limit and after', async () => {
    const first = await api(pg, 'GET', `/guilds/${g()}/members?limit=2`);
    expect(first.body.map((m: { user: { id: string } }) => m.user.id)).toEqual([
      pg.demo.users.owner,
      pg.demo.users.moderator,
    ]);
    const next = await api(pg, 'GET', `/guilds/${g()}/members?limit=10&after=${pg.demo.users.moderator}`);
    expect(next.body).toHaveLength(3);
  });
});

describe('nonce idempotency', () => {
  const send = (body: Record<string, unknown>) =>
    api(pg, 'POST', `/channels/${pg.demo.channels.general}/messages`, { body });

  test('GIVEN the same nonce with enforce_nonce twice THEN one message and both replies carry its id', async () => {
    const first = await send({ content: 'once', nonce: 'ery-reply-1', enforce_nonce: true });
    const second = await send({ content: 'once', nonce: 'ery-reply-1', enforce_nonce: true });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(pg.state.messages(pg.demo.channels.general).filter((m) => m.nonce === 'ery-reply-1')).toHaveLength(
      1,
    );
    expect(pg.events().filter((e) => e.type === 'message.created')).toHaveLength(1);
  });

  test('GIVEN the same nonce without enforce_nonce THEN two messages, as on Discord', async () => {
    await send({ content: 'twice', nonce: 'n-2' });
    await send({ content: 'twice', nonce: 'n-2' });
    expect(pg.state.messages(pg.demo.channels.general).filter((m) => m.nonce === 'n-2')).toHaveLength(2);
  });

  test('GIVEN the same nonce in another channel THEN it is a different message', async () => {
    const a = await send({ content: 'a', nonce: 'n-3', enforce_nonce: true });
    const b = await api(pg, 'POST', `/channels/${pg.demo.channels.random}/messages`, {
      body: { content: 'b', nonce: 'n-3', enforce_nonce: true },
    });
    expect(b.body.id).not.toBe(a.body.id);
  });

  test('GIVEN a nonce longer than 25 characters THEN 50035', async () => {
    const res = await send({ content: 'x', nonce: 'x'.repeat(26), enforce_nonce: true });
    expect(res.body.code).toBe(50035);
  });
});

describe('messages', () => {
  test('GIVEN a reply to a missing message THEN 50035 unless fail_if_not_exists is false', async () => {
    const path = `/channels/${pg.demo.channels.general}/messages`;
    const reference = { message_id: '1234567890123456789' };
    expect(
      (await api(pg, 'POST', path, { body: { content: 'r', message_reference: reference } })).body.code,
    ).toBe(50035);
    const loose = await api(pg, 'POST', path, {
      body: { content: 'r', message_reference: { ...reference, fail_if_not_exists: false } },
    });
    expect(loose.status).toBe(200);
    expect(loose.body.message_reference).toBeUndefined();
  });

  test('GIVEN allowed_mentions with no parse THEN the mentions are not pings', async () => {
    const content = `hey <@${pg.demo.users.alice}> @everyone`;
    const res = await api(pg, 'POST', `/channels/${pg.demo.channels.general}/messages`, {
      body: { content, allowed_mentions: { parse: [] } },
    });
    expect(res.body.mentions).toEqual([]);
    expect(res.body.mention_everyone).toBe(false);
    const open = await api(pg, 'POST', `/channels/${pg.demo.channels.general}/messages`, {
      body: { content },
    });
    expect(open.body.mentions.map((u: { id: string }) => u.id)).toEqual([pg.demo.users.alice]);
    expect(open.body.mention_everyone).toBe(true);
  });

  test('GIVEN history THEN before, after and around page newest first', async () => {
    const ids = ['1', '2', '3', '4', '5'].map(
      (n) =>
        pg.postMessage({ channelId: pg.demo.channels.random, authorId: pg.demo.users.alice, content: n }).id,
    );
    const path = `/channels/${pg.demo.channels.random}/messages`;
    const contents = async (query: string) =>
      (await api(pg, 'GET', `${path}?${query}`)).body.map((m: { content: string }) => m.content);
    expect(await contents('limit=2')).toEqual(['5', '4']);
    expect(await contents(`limit=2&before=${ids[3]}`)).toEqual(['3', '2']);
    expect(await contents(`limit=2&after=${ids[0]}`)).toEqual(['3', '2']);
    expect(await contents(`limit=3&around=${ids[2]}`)).toEqual(['4', '3', '2']);
  });

  test('GIVEN a reaction with an emoji that is not one THEN 400 10014 Unknown Emoji', async () => {
    const m = pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.alice,
      content: 'x',
    });
    const res = await api(
      pg,
      'PUT',
      `/channels/${pg.demo.channels.general}/messages/${m.id}/reactions/thumbsup/@me`,
    );
    expect(res.body.code).toBe(10014);
  });
});
