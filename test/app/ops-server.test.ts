import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { InspectionHub } from '../../src/app/inspection-hub.ts';
import { createOpsHandler, startOpsServer } from '../../src/app/ops-server.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

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
  const handler = createOpsHandler({ supervisor, ...(options.inspect === false ? {} : { inspection }) });
  // In process, no socket: the handler answers a Request as the bound server would.
  const fetch = (path: string, init?: RequestInit) => handler(new Request(`http://ops${path}`, init));
  return { supervisor, fetch };
}

describe('ops server', () => {
  test('GIVEN a live channel THEN health, metrics and the channel list report it', async () => {
    const { supervisor, fetch } = boot();
    supervisor.receive(chatMessage({ channelId: '7' }));
    expect(await (await fetch(`/health`)).json()).toMatchObject({ status: 'ok', live: 1 });
    const metrics = await (await fetch(`/metrics`)).text();
    expect(metrics).toContain('ery_channels_live 1');
    expect(metrics).toContain('ery_channels_by_state{state="batching"} 1');
    expect(await (await fetch(`/api/channels`)).json()).toEqual([
      expect.objectContaining({ channelId: '7', status: 'batching', batch: 1, queue: 0 }),
    ]);
  });

  test('GIVEN a supervisor THEN health reports its lifecycle state as it starts and stops', async () => {
    const { supervisor, fetch } = boot();
    expect(await (await fetch(`/health`)).json()).toMatchObject({ status: 'ok', lifecycle: 'resuming' });
    supervisor.start();
    expect(await (await fetch(`/health`)).json()).toMatchObject({ status: 'ok', lifecycle: 'serving' });
    supervisor.stop();
    expect(await (await fetch(`/health`)).json()).toMatchObject({ lifecycle: 'stopped' });
  });

  test('GIVEN an inspect subscriber THEN it receives the events and snapshots of channel actors', async () => {
    const { supervisor, fetch } = boot();
    const controller = new AbortController();
    const response = await fetch(`/api/inspect`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the stream's opening comment
    supervisor.receive(chatMessage({ channelId: '8' }));
    let text = '';
    while (!text.includes('message.received')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"channelId":"8"');
    controller.abort();
  });

  test('GIVEN an unknown path or method THEN it answers 404 or 405', async () => {
    const { fetch } = boot();
    expect((await fetch(`/nope`)).status).toBe(404);
    expect((await fetch(`/health`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`/health`, { method: 'HEAD' })).status).toBe(200);
  });

  test('GIVEN ERY_INSPECT is off THEN /api/inspect answers 404 saying how to turn it on', async () => {
    const { fetch } = boot({ inspect: false });
    const response = await fetch(`/api/inspect`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain('ERY_INSPECT=1');
  });

  test('GIVEN the bound server THEN it answers over HTTP as the handler does', async () => {
    const supervisor = boot().supervisor;
    supervisor.receive(chatMessage({ channelId: '9' }));
    const server = startOpsServer({ port: 0, supervisor, logger: silentLogger });
    try {
      expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ status: 'ok', live: 1 });
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
