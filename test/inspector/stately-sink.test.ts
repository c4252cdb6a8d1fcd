import { afterEach, describe, expect, test } from 'bun:test';
import { asAgentThread } from '../../actors/channel-actor.ts';
import { createStandInAgent } from '../../actors/stand-in-agent.ts';
import { createCore, type EryCore } from '../../src/app/core.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { until } from '../support/until.ts';

/** A WebSocket server on loopback that keeps every JSON message it receives, as a Stately relay would. */
function startSink() {
  const received: Array<Record<string, unknown>> = [];
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: (request, srv) =>
      srv.upgrade(request) ? undefined : new Response('websocket only', { status: 400 }),
    websocket: {
      message: (_socket, data) => void received.push(JSON.parse(String(data))),
    },
  });
  return { url: `ws://127.0.0.1:${server.port}`, received, stop: () => server.stop(true) };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

describe('ERY_INSPECT=ws://… (Stately sink)', () => {
  test('GIVEN a WebSocket sink THEN it receives the supervisor and channel actors in the @statelyai/inspect protocol', async () => {
    const sink = startSink();
    cleanups.push(sink.stop);
    const core: EryCore = createCore({
      env: loadEnv({ ERY_DB_PATH: ':memory:', ERY_INSPECT: sink.url }),
      logger: silentLogger,
      agent: () => ({ agentThread: asAgentThread(createStandInAgent(silentLogger)) }),
    });
    cleanups.push(() => core.stop());
    core.resume();
    core.supervisor.receive(chatMessage({ channelId: '7', content: 'hello sink' }));
    await until(
      () =>
        sink.received.some(
          (event) => event.type === '@xstate.event' && JSON.stringify(event).includes('hello sink'),
        ),
      'the channel event',
    );
    const actors = sink.received.filter((event) => event.type === '@xstate.actor');
    // Each actor comes with its machine's definition, so Stately's tools can draw it.
    expect(actors.map((event) => event.name)).toEqual(expect.arrayContaining(['supervisor', 'channel']));
    expect(String(actors.find((event) => event.name === 'channel')?.definition)).toContain('batching');
    const snapshots = sink.received.filter((event) => event.type === '@xstate.snapshot');
    expect(snapshots.map((event) => (event.snapshot as { value?: unknown }).value)).toEqual(
      expect.arrayContaining(['serving', 'batching']),
    );
    expect(core.inspection.listeners).toBe(1);
  });

  test('GIVEN ERY_INSPECT off THEN nothing taps the hub until a page watches', () => {
    const core = createCore({
      env: loadEnv({ ERY_DB_PATH: ':memory:' }),
      logger: silentLogger,
      agent: () => ({ agentThread: asAgentThread(createStandInAgent(silentLogger)) }),
    });
    cleanups.push(() => core.stop());
    core.supervisor.receive(chatMessage({ channelId: '7' }));
    expect(core.inspection.listeners).toBe(0);
  });
});
