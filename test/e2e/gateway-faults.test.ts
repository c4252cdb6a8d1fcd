/**
 * Gateway faults around the whole of Ery (`runEry`, the real discord.js client) against the
 * playground: dropped sockets, op 7, op 9 (resumable or not) and a zombie connection. Each time
 * Ery reconnects by itself (RESUME, or IDENTIFY when the session is gone), `/healthz` says the
 * gateway is connecting while it is out, and every message of a resumable session reaches the core
 * exactly once, those posted while Ery was away included.
 *
 * The playground holds new connections (no HELLO) during each outage, so the window in which
 * `/healthz` must fail lasts until the test releases it instead of racing a fast reconnect. Its
 * heartbeat interval is 250 ms, so a zombie is noticed within half a second.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { type Playground, type PlaygroundEvent, startPlayground } from '../../src/playground/index.ts';
import { marker } from '../discord/inbox.ts';
import { waitUntil } from './support/ery-harness.ts';

setDefaultTimeout(30_000);

let pg: Playground;
let ery: RunningEry;
let dir: string;
/** Every message id the core received, in order, duplicates kept. */
const received: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ery-gateway-faults-'));
  pg = await startPlayground({ heartbeatIntervalMs: 250 });
  ery = await runEry({
    env: loadEnv({ ERY_DB_PATH: join(dir, 'ery.db'), ERY_HTTP_PORT: '0' }),
    logger: silentLogger,
    target: { apiUrl: pg.apiUrl, token: pg.botToken },
  });
  // What the Discord connection hands the core: duplicates would show here, whatever the core does.
  const { supervisor } = ery.core;
  const receive = supervisor.receive.bind(supervisor);
  supervisor.receive = (message) => {
    received.push(message.id);
    receive(message);
  };
});

afterAll(async () => {
  await ery?.stop();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (label: string): string =>
  pg.postMessage({
    channelId: pg.demo.channels.general,
    authorId: pg.demo.users.alice,
    content: marker(label),
  }).id;

const count = (id: string): number => received.filter((seen) => seen === id).length;

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${ery.ops?.url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const lastSeq = (): number => pg.events().at(-1)?.seq ?? 0;

/** The next `type` event after `since`: how the test knows which way Ery came back. */
const next = (type: PlaygroundEvent['type'], since: number) =>
  pg.waitFor((event) => event.type === type && event.seq > since, 15_000);

/**
 * Runs `fault` while new connections are held: waits until Ery sees its gateway is gone, checks
 * `/healthz` says so, posts `during` messages, then lets Ery back in and waits for `comeBack`.
 */
async function outage(fault: () => void, comeBack: 'gateway.resumed' | 'gateway.identified') {
  const before = post('before');
  await waitUntil(() => count(before) > 0);
  const since = lastSeq();
  const release = pg.faults.holdConnections();
  let during: string[];
  try {
    fault();
    during = [post('during 1')];
    await waitUntil(() => ery.discord.gatewayStatus() !== 'connected');
    expect(await health()).toMatchObject({
      status: 503,
      body: { failing: ['gateway'], reason: 'gateway: the Discord gateway is connecting' },
    });
    during.push(post('during 2'));
  } finally {
    release();
  }
  await next(comeBack, since);
  await waitUntil(() => ery.discord.gatewayStatus() === 'connected');
  expect((await health()).status).toBe(200);
  const after = post('after');
  await waitUntil(() => count(after) > 0);
  return { before, during, after };
}

describe('GIVEN Ery on the playground WHEN the gateway fails', () => {
  test('WHEN its sockets drop THEN it resumes and every message arrives once', async () => {
    const { before, during, after } = await outage(() => pg.faults.dropConnections(), 'gateway.resumed');
    await waitUntil(() => during.every((id) => count(id) > 0));
    expect([before, ...during, after].map(count)).toEqual([1, 1, 1, 1]);
  });

  test('WHEN the gateway sends op 7 THEN it resumes and every message arrives once', async () => {
    const { before, during, after } = await outage(() => pg.faults.reconnect(), 'gateway.resumed');
    await waitUntil(() => during.every((id) => count(id) > 0));
    expect([before, ...during, after].map(count)).toEqual([1, 1, 1, 1]);
  });

  test('WHEN the connection turns zombie (no heartbeat ACK, socket open) THEN it notices, resumes and loses nothing', async () => {
    const { before, during, after } = await outage(() => pg.faults.zombieConnections(), 'gateway.resumed');
    // `during 1` was posted while the zombie socket was still open: held for the resume, not lost.
    await waitUntil(() => during.every((id) => count(id) > 0));
    expect([before, ...during, after].map(count)).toEqual([1, 1, 1, 1]);
  });

  test('WHEN op 9 says the session is resumable THEN it resumes on the same socket and loses nothing', async () => {
    const before = post('before');
    await waitUntil(() => count(before) > 0);
    const since = lastSeq();
    pg.faults.invalidateSessions({ resumable: true });
    const during = post('during');
    await next('gateway.resumed', since);
    const after = post('after');
    await waitUntil(() => count(during) > 0 && count(after) > 0);
    expect([before, during, after].map(count)).toEqual([1, 1, 1]);
    expect((await health()).status).toBe(200);
  });

  test('WHEN op 9 says the session is gone THEN it identifies again; nothing arrives twice', async () => {
    const { before, during, after } = await outage(
      () => pg.faults.invalidateSessions(),
      'gateway.identified',
    );
    expect([before, after].map(count)).toEqual([1, 1]);
    // Discord replays nothing into a new session: what was posted while Ery had none is not
    // delivered by the gateway (catching up after downtime is another part's job), never twice.
    for (const id of during) expect(count(id)).toBeLessThanOrEqual(1);
  });
});
