import { describe, expect, test } from 'bun:test';
import { configOverrides } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { defaultGuildPolicy } from '../../src/domain/guild-policy.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { adminOps } from './ops-admin-fixtures.ts';

function boot() {
  const { clock, db, supervisor, handler } = adminOps();
  // In process, no socket: the handler answers a Request as the bound server would.
  const fetch = (path: string, init?: RequestInit) => handler(new Request(`http://ops${path}`, init));
  const put = (path: string, body: unknown) => fetch(path, { method: 'PUT', body: JSON.stringify(body) });
  const del = (path: string) => fetch(path, { method: 'DELETE' });
  const settingsOf = async (guildId: string, channelId: string) =>
    (await fetch(`/api/settings/${guildId}/${channelId}`)).json();
  return { supervisor, put, del, settingsOf, clock, db, fetch };
}

describe('ops admin routes', () => {
  test('GIVEN a live channel WHEN its server batch size is lowered THEN the live actor gets it and runs its batch', async () => {
    const { supervisor, put, fetch } = boot();
    supervisor.receive(chatMessage({ channelId: '100', guildId: '10' }));
    supervisor.receive(chatMessage({ channelId: '100', guildId: '10' }));
    const response = await put('/api/config/guild/10', { batchSize: 2 });
    expect(response.status).toBe(200);
    expect(supervisor.actorOf('100')?.getSnapshot().context.settings.batchSize).toBe(2);
    // The ready batch waits for its run permit, granted on the next tick.
    await Bun.sleep(0);
    expect(supervisor.actorOf('100')?.getSnapshot().value).toBe('running');
    expect(await (await fetch(`/api/settings/10/100`)).json()).toMatchObject({ batchSize: 2 });
  });

  test('GIVEN a bad override THEN the answer is 400 naming the field and nothing changes', async () => {
    const { put, fetch } = boot();
    const response = await put('/api/config/channel/100', { cooldownMs: -1 });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toStartWith('cooldownMs:');
    expect((await put('/api/config/guild/not-an-id', { batchSize: 2 })).status).toBe(400);
    expect(await (await fetch(`/api/settings/10/100`)).json()).toEqual(DEFAULT_CHANNEL_SETTINGS);
  });

  test('GIVEN a timing past its maximum (3000000000 ms would overflow timers) THEN the answer is 400 naming the field and its range', async () => {
    const { put, fetch } = boot();
    for (const field of ['batchWindowMs', 'cooldownMs', 'idleTimeoutMs', 'threadTimeoutMs']) {
      const response = await put('/api/config/global', { [field]: 3_000_000_000 });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect((await response.json()).error).toStartWith(`${field}: must be a whole number from `);
    }
    expect(await (await fetch(`/api/settings/10/100`)).json()).toEqual(DEFAULT_CHANNEL_SETTINGS);
  });

  test('GIVEN a server policy WHEN it is replaced THEN it reads back validated, and a bad one is refused', async () => {
    const { put, fetch } = boot();
    expect(await (await fetch(`/api/policies/10`)).json()).toMatchObject({ rules: '' });
    const stored = await put('/api/policies/10', { rules: 'Be kind.' });
    expect(stored.status).toBe(200);
    expect(await (await fetch(`/api/policies/10`)).json()).toMatchObject({ rules: 'Be kind.' });
    const refused = await put('/api/policies/10', { autonomous: { enabled: 'yes' } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toContain('autonomous');
  });

  test('GIVEN a live channel batching under a longer channel window WHEN the override is deleted THEN its running timer moves back to the default window', async () => {
    const { supervisor, put, del, settingsOf, clock } = boot();
    expect((await put('/api/config/channel/100', { batchWindowMs: 120_000 })).status).toBe(200);
    supervisor.receive(chatMessage({ channelId: '100', guildId: '10' }));
    const actor = () => supervisor.actorOf('100');
    expect(actor()?.getSnapshot().context.settings.batchWindowMs).toBe(120_000);
    // Past the default window, the longer override still holds the batch open.
    clock.increment(DEFAULT_CHANNEL_SETTINGS.batchWindowMs + 1);
    await Bun.sleep(0);
    expect(actor()?.getSnapshot().value).toBe('batching');

    const removed = await del('/api/config/channel/100');
    expect(removed.status).toBe(204);
    expect(actor()?.getSnapshot().context.settings).toEqual(DEFAULT_CHANNEL_SETTINGS);
    expect(await settingsOf('10', '100')).toEqual(DEFAULT_CHANNEL_SETTINGS);
    // The default window has already passed: the re-armed timer fires at once.
    clock.increment(0);
    await Bun.sleep(0);
    expect(actor()?.getSnapshot().value).toBe('running');
  });

  test('GIVEN a shorter server window WHEN the server override is deleted THEN the live batch waits for the default window again', async () => {
    const { supervisor, put, del, clock } = boot();
    supervisor.receive(chatMessage({ channelId: '100', guildId: '10' }));
    await put('/api/config/guild/10', { batchWindowMs: 10_000, cooldownMs: 50 });
    clock.increment(5_000);
    expect((await del('/api/config/guild/10')).status).toBe(204);
    clock.increment(10_000);
    await Bun.sleep(0);
    expect(supervisor.actorOf('100')?.getSnapshot().value).toBe('batching');
    clock.increment(DEFAULT_CHANNEL_SETTINGS.batchWindowMs - 15_000);
    await Bun.sleep(0);
    expect(supervisor.actorOf('100')?.getSnapshot().value).toBe('running');
  });

  test('GIVEN no override at a scope WHEN it is deleted THEN the answer is 404 and nothing changes', async () => {
    const { put, del, settingsOf } = boot();
    await put('/api/config/global', { batchSize: 3 });
    expect((await del('/api/config/guild/10')).status).toBe(404);
    expect((await del('/api/config/channel/100')).status).toBe(404);
    expect((await settingsOf('10', '100')).batchSize).toBe(3);
    expect((await del('/api/config/global')).status).toBe(204);
    expect((await del('/api/config/global')).status).toBe(404);
    expect(await settingsOf('10', '100')).toEqual(DEFAULT_CHANNEL_SETTINGS);
    expect((await del('/api/config/guild/not-an-id')).status).toBe(400);
  });

  test('GIVEN paths beside the documented ones or ids that are not snowflakes THEN nothing changes', async () => {
    const { fetch, put, del, settingsOf } = boot();
    await put('/api/config/global', { batchSize: 3 });
    // The global scope has no id, the others need one: anything else is not an admin route.
    expect((await del('/api/config/global/whatever')).status).toBe(404);
    expect((await put('/api/config/global/10', { batchSize: 4 })).status).toBe(404);
    expect((await put('/api/config/guild', { batchSize: 4 })).status).toBe(404);
    for (const id of ['0', '007', '18446744073709551616', '1.5', '-1'])
      expect({ id, status: (await put(`/api/config/guild/${id}`, { batchSize: 4 })).status }).toEqual({
        id,
        status: 400,
      });
    expect((await settingsOf('10', '100')).batchSize).toBe(3);
    expect((await fetch(`/api/settings/abc/100`)).status).toBe(400);
    expect((await fetch(`/api/settings/10/100`, { method: 'POST' })).status).toBe(405);
  });

  test('GIVEN an override WHEN a PUT sets one field to null THEN only that field falls back, and the live actor gets it', async () => {
    const { supervisor, put, settingsOf } = boot();
    supervisor.receive(chatMessage({ channelId: '100', guildId: '10' }));
    await put('/api/config/global', { cooldownMs: 900 });
    await put('/api/config/guild/10', { batchSize: 3, cooldownMs: 100, idleTimeoutMs: 60_000 });
    const response = await put('/api/config/guild/10', { cooldownMs: null, batchSize: 4 });
    expect(response.status).toBe(200);
    expect((await response.json()).override).toEqual({ batchSize: 4, idleTimeoutMs: 60_000 });
    expect(await settingsOf('10', '100')).toEqual({
      ...DEFAULT_CHANNEL_SETTINGS,
      batchSize: 4,
      cooldownMs: 900,
      idleTimeoutMs: 60_000,
    });
    expect(supervisor.actorOf('100')?.getSnapshot().context.settings).toMatchObject({
      batchSize: 4,
      cooldownMs: 900,
    });
    // An empty PUT keeps the override as it is.
    expect((await (await put('/api/config/guild/10', {})).json()).override).toEqual({
      batchSize: 4,
      idleTimeoutMs: 60_000,
    });
  });

  test('GIVEN an override WHEN every field is set to null THEN the override is gone', async () => {
    const { put, del, db, settingsOf } = boot();
    await put('/api/config/channel/100', { batchSize: 2, threadTimeoutMs: 5_000 });
    const cleared = await put('/api/config/channel/100', { batchSize: null, threadTimeoutMs: null });
    expect((await cleared.json()).override).toBeNull();
    expect(db.select().from(configOverrides).all()).toHaveLength(0);
    expect(await settingsOf('10', '100')).toEqual(DEFAULT_CHANNEL_SETTINGS);
    expect((await del('/api/config/channel/100')).status).toBe(404);
    // An empty PUT where there is no override creates none, and says so.
    expect((await (await put('/api/config/global', {})).json()).override).toBeNull();
    expect((await del('/api/config/global')).status).toBe(404);
  });

  test('GIVEN bad changes THEN each is a 400 naming the field, and nothing changes', async () => {
    const { put, settingsOf, fetch } = boot();
    await put('/api/config/guild/10', { batchSize: 3 });
    const cases: Array<[unknown, string]> = [
      [{ batchSize: 0 }, 'batchSize'],
      [{ batchSize: 'null' }, 'batchSize'],
      [{ batchWindowMs: 1.5 }, 'batchWindowMs'],
      [{ batchSise: null }, 'batchSise'],
      [null, 'body'],
      [[1], 'body'],
    ];
    for (const [body, field] of cases) {
      const response = await put('/api/config/guild/10', body);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toContain(field);
    }
    const notJson = await fetch(`/api/config/guild/10`, { method: 'PUT', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await settingsOf('10', '100')).batchSize).toBe(3);
  });

  test('GIVEN a server policy WHEN it is deleted THEN the server is back to the strict default', async () => {
    const { put, del, fetch } = boot();
    await put('/api/policies/10', { rules: 'Be kind.', autonomous: { enabled: true } });
    expect((await del('/api/policies/10')).status).toBe(204);
    expect(await (await fetch(`/api/policies/10`)).json()).toEqual(defaultGuildPolicy);
    expect((await del('/api/policies/10')).status).toBe(404);
    expect((await del('/api/policies/x')).status).toBe(400);
  });
});
