import { describe, expect, test } from 'bun:test';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { bareHost } from '../../src/app/ops-origin.ts';
import { createOpsHandler, startOpsServer } from '../../src/app/ops-server.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { ConfigStore } from '../../src/db/config-store.ts';
import { GuildPolicyStore } from '../../src/db/guild-policy-store.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import { controllableAgent } from '../support/agent-stub.ts';

const TOKEN = 'a-long-ops-token-0123456789';

/** An ops handler with the admin routes, answering Requests in process as the bound server would. */
function boot(options: { token?: string; hostname?: string } = {}) {
  const db = openDatabase(':memory:');
  const config = new ConfigStore(db, DEFAULT_CHANNEL_SETTINGS, silentLogger);
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: controllableAgent().logic,
    limits: { maxRunning: 4, maxRunningPerGuild: 2 },
    settingsFor: (guildId, channelId) => config.resolve(guildId, channelId),
  });
  const handler = createOpsHandler({
    supervisor,
    admin: { config, policies: new GuildPolicyStore(db, silentLogger) },
    ...options,
  });
  const send = (path: string, headers: Record<string, string>, init: RequestInit = {}) =>
    handler(new Request(`http://127.0.0.1:3000${path}`, { ...init, headers }));
  const batchSize = () => config.resolve('10', '100').batchSize;
  return { supervisor, send, batchSize };
}

describe('ops server against DNS rebinding and cross-site requests', () => {
  test.each(['evil.example', 'evil.example:3000', '127.0.0.1.nip.io:3000', '192.168.1.5:3000'])(
    'GIVEN no ERY_OPS_TOKEN WHEN a request comes with Host %s THEN 403 JSON saying why and what to do',
    async (host) => {
      const { send } = boot();
      const response = await send('/api/actors', { host });
      expect(response.status).toBe(403);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain('DNS rebinding');
      expect(error).toContain('http://127.0.0.1:<ERY_HTTP_PORT>');
    },
  );

  test.each(['localhost:3000', 'LOCALHOST.', '127.0.0.1:3000', '127.3.2.1', '[::1]:3000', 'app.localhost'])(
    'GIVEN no ERY_OPS_TOKEN WHEN a request comes with the loopback Host %s THEN it is served',
    async (host) => {
      const { send } = boot();
      expect((await send('/api/actors', { host })).status).toBe(200);
    },
  );

  test('GIVEN ERY_OPS_TOKEN THEN any Host is served to whoever has the token, and refused (401) to others', async () => {
    const { send } = boot({ token: TOKEN, hostname: '0.0.0.0' });
    expect(
      (await send('/api/actors', { host: 'ery.example', authorization: `Bearer ${TOKEN}` })).status,
    ).toBe(200);
    expect((await send('/api/actors', { host: 'ery.example' })).status).toBe(401);
  });

  test('GIVEN a PUT from another origin (another site, the playground’s port, or null) THEN 403 and nothing changes', async () => {
    for (const token of [undefined, TOKEN]) {
      const { send, batchSize } = boot(token ? { token } : {});
      const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      for (const origin of ['http://evil.example', 'http://127.0.0.1:3001', 'null']) {
        const response = await send(
          '/api/config/guild/10',
          { host: '127.0.0.1:3000', origin, ...auth },
          { method: 'PUT', body: JSON.stringify({ batchSize: 2 }) },
        );
        expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
        expect(((await response.json()) as { error: string }).error).toStartWith('cross-site PUT refused');
      }
      expect(batchSize()).toBe(DEFAULT_CHANNEL_SETTINGS.batchSize);
      // The server's own pages, and tools that send no Origin, may change it.
      const own = await send(
        '/api/config/guild/10',
        { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', ...auth },
        { method: 'PUT', body: JSON.stringify({ batchSize: 2 }) },
      );
      expect(own.status).toBe(200);
      const curl = await send(
        '/api/config/guild/10',
        { host: '127.0.0.1:3000', ...auth },
        { method: 'DELETE' },
      );
      expect(curl.status).toBe(204);
    }
  });

  test('GIVEN the bound server WHEN a page reaches it under a rebinding name THEN 403; under 127.0.0.1 it is served', async () => {
    const { supervisor } = boot();
    const server = startOpsServer({ port: 0, supervisor, logger: silentLogger });
    try {
      const port = new URL(server.url).port;
      const rebound = await fetch(`${server.url}/api/actors`, { headers: { host: `evil.example:${port}` } });
      expect(rebound.status).toBe(403);
      expect((await fetch(`${server.url}/api/actors`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  test('GIVEN Host headers THEN the bare host is read without port, brackets, case or trailing dot', () => {
    expect(bareHost('[::1]:3000')).toBe('::1');
    expect(bareHost('LocalHost.:80')).toBe('localhost');
    expect(bareHost('::1')).toBe('::1');
    expect(bareHost('127.0.0.1')).toBe('127.0.0.1');
  });
});
