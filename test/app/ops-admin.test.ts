import { afterEach, describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../machines/channel.machine.ts';
import { type OpsServer, startOpsServer } from '../../src/app/ops-server.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { ConfigStore } from '../../src/db/config-store.ts';
import { GuildPolicyStore } from '../../src/db/guild-policy-store.ts';
import { silentLogger } from '../../src/logger.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

let server: OpsServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

function boot() {
  const db = openDatabase(':memory:');
  const config = new ConfigStore(db, DEFAULT_CHANNEL_SETTINGS, silentLogger);
  const policies = new GuildPolicyStore(db, silentLogger);
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: controllableAgent().logic,
    limits: { maxRunning: 4, maxRunningPerGuild: 2 },
    settingsFor: (guildId, channelId) => config.resolve(guildId, channelId),
    clock: new SimulatedClock(),
  });
  server = startOpsServer({ port: 0, supervisor, logger: silentLogger, admin: { config, policies } });
  const put = (path: string, body: unknown) =>
    fetch(`${server?.url}${path}`, { method: 'PUT', body: JSON.stringify(body) });
  return { supervisor, put, url: server.url };
}

describe('ops admin routes', () => {
  test('GIVEN a live channel WHEN its server batch size is lowered THEN the live actor gets it and runs its batch', async () => {
    const { supervisor, put, url } = boot();
    supervisor.receive(chatMessage({ channelId: '100', guildId: '10' }));
    supervisor.receive(chatMessage({ channelId: '100', guildId: '10' }));
    const response = await put('/api/config/guild/10', { batchSize: 2 });
    expect(response.status).toBe(200);
    expect(supervisor.actorOf('100')?.getSnapshot().context.settings.batchSize).toBe(2);
    // The ready batch waits for its run permit, granted on the next tick.
    await Bun.sleep(0);
    expect(supervisor.actorOf('100')?.getSnapshot().value).toBe('running');
    expect(await (await fetch(`${url}/api/settings/10/100`)).json()).toMatchObject({ batchSize: 2 });
  });

  test('GIVEN a bad override THEN the answer is 400 naming the field and nothing changes', async () => {
    const { put, url } = boot();
    const response = await put('/api/config/channel/100', { cooldownMs: -1 });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toStartWith('cooldownMs:');
    expect((await put('/api/config/guild/not-an-id', { batchSize: 2 })).status).toBe(400);
    expect(await (await fetch(`${url}/api/settings/10/100`)).json()).toEqual(DEFAULT_CHANNEL_SETTINGS);
  });

  test('GIVEN a server policy WHEN it is replaced THEN it reads back validated, and a bad one is refused', async () => {
    const { put, url } = boot();
    expect(await (await fetch(`${url}/api/policies/10`)).json()).toMatchObject({ rules: '' });
    const stored = await put('/api/policies/10', { rules: 'Be kind.' });
    expect(stored.status).toBe(200);
    expect(await (await fetch(`${url}/api/policies/10`)).json()).toMatchObject({ rules: 'Be kind.' });
    const refused = await put('/api/policies/10', { autonomous: { enabled: 'yes' } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toContain('autonomous');
  });
});
