import { afterEach, describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../machines/channel.machine.ts';
import { InspectionHub } from '../../src/app/inspection-hub.ts';
import { type OpsServer, startOpsServer } from '../../src/app/ops-server.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { silentLogger } from '../../src/logger.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

let server: OpsServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

function boot(options: { inspect?: boolean } = {}) {
  const inspection = new InspectionHub();
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(openDatabase(':memory:')),
    agentThread: controllableAgent().logic,
    limits: { maxRunning: 4, maxRunningPerGuild: 2 },
    settingsFor: () => DEFAULT_CHANNEL_SETTINGS,
    clock: new SimulatedClock(),
    inspect: (channelId, event) => inspection.publish(channelId, event),
  });
  server = startOpsServer({
    port: 0,
    supervisor,
    logger: silentLogger,
    ...(options.inspect === false ? {} : { inspection }),
  });
  return { supervisor, url: server.url };
}

describe('ops server', () => {
  test('GIVEN a live channel THEN health, metrics and the channel list report it', async () => {
    const { supervisor, url } = boot();
    supervisor.receive(chatMessage({ channelId: '7' }));
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok', live: 1 });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('ery_channels_live 1');
    expect(metrics).toContain('ery_channels_by_state{state="batching"} 1');
    expect(await (await fetch(`${url}/api/channels`)).json()).toEqual([
      expect.objectContaining({ channelId: '7', status: 'batching', batch: 1, queue: 0 }),
    ]);
  });

  test('GIVEN an inspect subscriber THEN it receives the events and snapshots of channel actors', async () => {
    const { supervisor, url } = boot();
    const controller = new AbortController();
    const response = await fetch(`${url}/api/inspect`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the stream's opening comment
    supervisor.receive(chatMessage({ channelId: '8' }));
    let text = '';
    while (!text.includes('message.received')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"channelId":"8"');
    controller.abort();
  });

  test('GIVEN an unknown path or method THEN it answers 404 or 405', async () => {
    const { url } = boot();
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/health`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${url}/health`, { method: 'HEAD' })).status).toBe(200);
  });

  test('GIVEN ERY_INSPECT is off THEN /api/inspect answers 404 saying how to turn it on', async () => {
    const { url } = boot({ inspect: false });
    const response = await fetch(`${url}/api/inspect`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain('ERY_INSPECT=1');
  });
});
