/** The gateway protocol over a raw WebSocket: what discord.js relies on, checked frame by frame. */
import { describe, expect, test } from 'bun:test';
import type { Playground } from '../../src/playground/index.ts';
import { ALL_INTENTS, identify as identifyAs, type RawGateway, useRawGateways } from './raw-gateway.ts';

const identify = (raw: RawGateway, intents = ALL_INTENTS, token = pg.botToken) =>
  identifyAs(raw, pg, intents, token);

let pg: Playground;
const open = useRawGateways((started) => {
  pg = started;
});

describe('gateway', () => {
  test('GIVEN a connection THEN HELLO, and heartbeats are acknowledged', async () => {
    const raw = open();
    const hello = await raw.hello();
    expect(hello.op).toBe(10);
    expect(hello.d.heartbeat_interval).toBeGreaterThan(0);
    raw.send(1, null);
    expect((await raw.next((f) => f.op === 11)).op).toBe(11);
  });

  test('GIVEN a wrong token THEN the socket closes with 4004', async () => {
    const raw = open();
    await raw.hello();
    await identify(raw, ALL_INTENTS, 'wrong');
    expect(await raw.closedWith()).toBe(4004);
  });

  test('GIVEN IDENTIFY THEN READY names the bot, application, guilds and resume url, then GUILD_CREATE', async () => {
    const raw = open();
    await identify(raw);
    const ready = await raw.dispatch('READY');
    expect(ready.s).toBe(1);
    expect(ready.d.user.id).toBe(pg.demo.users.ery);
    expect(ready.d.application.id).toBe(pg.demo.users.ery);
    expect(ready.d.guilds).toEqual([{ id: pg.demo.guildId, unavailable: true }]);
    expect(ready.d.resume_gateway_url).toBe(pg.gatewayUrl);
    const guild = await raw.dispatch('GUILD_CREATE');
    expect(guild.d.unavailable).toBe(false);
    expect(guild.d.channels.map((c: { type: number }) => c.type)).toEqual([0, 0, 0, 15]);
    expect(guild.d.members).toHaveLength(5);
  });

  test('GIVEN no MESSAGE_CONTENT intent THEN others’ messages arrive without content unless they mention the bot', async () => {
    const raw = open();
    await identify(raw, (1 << 0) | (1 << 9));
    await raw.dispatch('GUILD_CREATE');
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.alice, content: 'secret' });
    expect((await raw.dispatch('MESSAGE_CREATE')).d.content).toBe('');
    const mention = `hi <@${pg.demo.users.ery}>`;
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.alice, content: mention });
    expect((await raw.dispatch('MESSAGE_CREATE')).d.content).toBe(mention);
  });

  test('GIVEN a message in a channel the session cannot see THEN no MESSAGE_CREATE reaches it', async () => {
    // Alice's session: #mod-log is hidden from her.
    const raw = open();
    await identify(raw, ALL_INTENTS, pg.tokenFor(pg.demo.users.alice));
    await raw.dispatch('GUILD_CREATE');
    const owner = pg.demo.users.owner;
    pg.postMessage({ channelId: pg.demo.channels.modLog, authorId: owner, content: 'for moderators' });
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: owner, content: 'for everyone' });
    expect((await raw.dispatch('MESSAGE_CREATE')).d.content).toBe('for everyone');
  });

  test('GIVEN REQUEST_GUILD_MEMBERS with a nonce THEN GUILD_MEMBERS_CHUNK carries the same nonce', async () => {
    const raw = open();
    await identify(raw);
    await raw.dispatch('GUILD_CREATE');
    raw.send(8, { guild_id: pg.demo.guildId, query: '', limit: 0, nonce: 'abc123' });
    const chunk = await raw.dispatch('GUILD_MEMBERS_CHUNK');
    expect(chunk.d.nonce).toBe('abc123');
    expect(chunk.d.members).toHaveLength(pg.state.members(pg.demo.guildId).length);
    raw.send(8, {
      guild_id: pg.demo.guildId,
      user_ids: [pg.demo.users.bob, '1234567890123456789'],
      nonce: 'q2',
    });
    const byId = await raw.dispatch('GUILD_MEMBERS_CHUNK');
    expect(byId.d.members.map((m: { user: { id: string } }) => m.user.id)).toEqual([pg.demo.users.bob]);
    expect(byId.d.not_found).toEqual(['1234567890123456789']);
  });

  test('GIVEN RESUME after a drop THEN the missed dispatches are replayed in order, then RESUMED', async () => {
    const first = open();
    await identify(first);
    const ready = await first.dispatch('READY');
    const guild = await first.dispatch('GUILD_CREATE');
    first.ws.close(4000);
    await first.closedWith();
    for (const content of ['missed 1', 'missed 2']) {
      pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.owner, content });
    }
    const second = open();
    await second.hello();
    second.send(6, { token: pg.botToken, session_id: ready.d.session_id, seq: guild.s });
    const replayed = [await second.dispatch('MESSAGE_CREATE'), await second.dispatch('MESSAGE_CREATE')];
    expect(replayed.map((f) => f.d.content)).toEqual(['missed 1', 'missed 2']);
    expect(replayed.map((f) => f.s)).toEqual([(guild.s ?? 0) + 1, (guild.s ?? 0) + 2]);
    const resumed = await second.dispatch('RESUMED');
    expect(resumed.s).toBe((guild.s ?? 0) + 3);
  });

  test('GIVEN RESUME with an unknown session THEN op 9 with d=false', async () => {
    const raw = open();
    await raw.hello();
    raw.send(6, { token: pg.botToken, session_id: 'nope', seq: 1 });
    const invalid = await raw.next((f) => f.op === 9);
    expect(invalid.d).toBe(false);
  });

  test('GIVEN invalidateSessions THEN connected clients get op 9 and cannot resume', async () => {
    const raw = open();
    await identify(raw);
    const ready = await raw.dispatch('READY');
    pg.faults.invalidateSessions();
    expect((await raw.next((f) => f.op === 9)).d).toBe(false);
    const again = open();
    await again.hello();
    again.send(6, { token: pg.botToken, session_id: ready.d.session_id, seq: 1 });
    expect((await again.next((f) => f.op === 9)).d).toBe(false);
  });
});
