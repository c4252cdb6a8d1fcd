/**
 * `/healthz` reads the gateway from the real discord.js client: connected once logged in to the
 * playground, failing with the reason while the gateway is gone, and the status of a connection
 * through its whole life.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { createDiscordConnection } from '../../src/discord/connection.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { waitUntil } from './support/ery-harness.ts';

setDefaultTimeout(30_000);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function playground(): Promise<Playground> {
  const started = await startPlayground();
  cleanups.push(() => started.stop());
  return started;
}

describe('the gateway in /healthz', () => {
  test('GIVEN Ery logged in to the playground THEN /healthz is 200; WHEN the gateway goes away THEN 503 naming it', async () => {
    const pg = await playground();
    const dir = mkdtempSync(join(tmpdir(), 'ery-ops-gateway-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const ery: RunningEry = await runEry({
      env: loadEnv({ ERY_DB_PATH: join(dir, 'ery.db'), ERY_HTTP_PORT: '0' }),
      logger: silentLogger,
      target: { apiUrl: pg.apiUrl, token: pg.botToken },
    });
    cleanups.push(() => ery.stop());
    const health = async () => {
      const response = await fetch(`${ery.ops?.url}/healthz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await health()).toMatchObject({
      status: 200,
      body: { checks: { gateway: { ok: true, detail: 'connected' } } },
    });

    await pg.stop(); // the sockets close and nothing answers: discord.js keeps trying
    await waitUntil(() => ery.discord.gatewayStatus() !== 'connected');
    expect(await health()).toMatchObject({
      status: 503,
      body: { failing: ['gateway'], reason: 'gateway: the Discord gateway is connecting' },
    });
  });

  test('GIVEN a connection THEN its gateway status is disconnected before login, connected after, connected again after a resume, disconnected once stopped', async () => {
    const pg = await playground();
    const connection = createDiscordConnection({
      token: pg.botToken,
      apiUrl: pg.apiUrl,
      logger: silentLogger,
      onMessage: () => {},
    });
    cleanups.push(() => connection.stop());
    expect(connection.gatewayStatus()).toBe('disconnected');
    await connection.login();
    expect(connection.gatewayStatus()).toBe('connected');
    const since = pg.events().at(-1)?.seq ?? 0;
    pg.faults.dropConnections();
    await pg.waitFor((event) => event.type === 'gateway.resumed' && event.seq > since);
    await waitUntil(() => connection.gatewayStatus() === 'connected');
    await connection.stop();
    expect(connection.gatewayStatus()).toBe('disconnected');
  });
});
