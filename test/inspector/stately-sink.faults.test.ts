import { afterEach, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { asAgentThread } from '../../actors/channel-actor.ts';
import { createStandInAgent } from '../../actors/stand-in-agent.ts';
import { createCore } from '../../src/app/core.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { connectStatelySink } from '../../src/inspector/stately-sink.ts';
import { silentLogger } from '../../src/logger.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { until } from '../support/until.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP server that completes the WebSocket handshake, then never reads again (issue 9's stall sink). */
async function stallingSink(): Promise<{ port: number }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    socket.once('data', (request) => {
      const key = /Sec-WebSocket-Key: (.*)\r\n/i.exec(request.toString())?.[1]?.trim();
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      socket.pause();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return { port: (server.address() as { port: number }).port };
}

function core() {
  const ery = createCore({
    env: loadEnv({ ERY_DB_PATH: ':memory:' }),
    logger: silentLogger,
    agent: () => ({ agentThread: asAgentThread(createStandInAgent(silentLogger)) }),
  });
  cleanups.push(() => ery.stop());
  ery.resume();
  return ery;
}

const PAD = 'y'.repeat(2_000);

describe('the Stately sink when the sink misbehaves', () => {
  test('GIVEN a sink that accepts and never reads THEN events past the limit are dropped and counted, and the stall is logged once', async () => {
    const { port } = await stallingSink();
    const { logger, lines } = captureLogger();
    const ery = core();
    const sink = connectStatelySink(ery.inspection, `ws://127.0.0.1:${port}`, logger, {
      maxBufferedBytes: 256 * 1024,
    });
    cleanups.push(() => sink.stop());
    await until(() => lines.some((line) => line.event === 'inspect.sink.connected'), 'the connection');
    for (let round = 0; round < 200 && sink.counts.dropped === 0; round++) {
      for (let i = 0; i < 50; i++)
        ery.supervisor.receive(chatMessage({ channelId: String(100 + i), content: `${round} ${PAD}` }));
      await Bun.sleep(5);
    }
    expect(sink.counts.dropped).toBeGreaterThan(0);
    const sentBefore = sink.counts.sent;
    for (let i = 0; i < 200; i++) ery.supervisor.receive(chatMessage({ channelId: '7', content: PAD }));
    await Bun.sleep(50);
    // Stalled: nothing more is handed to the socket, everything is counted as dropped.
    expect(sink.counts.sent).toBe(sentBefore);
    expect(lines.filter((line) => line.event === 'inspect.sink.stalled')).toHaveLength(1);
  });

  test('GIVEN a sink that refuses THEN it is logged once, with the password and query values redacted, however often it is tried', async () => {
    const { logger, lines } = captureLogger();
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const ery = core();
    const sink = connectStatelySink(
      ery.inspection,
      `ws://ops:hunter2secret@127.0.0.1:${port}/x?token=abc123`,
      logger,
      { retryMs: 20 },
    );
    cleanups.push(() => sink.stop());
    await Bun.sleep(300);
    const refused = lines.filter((line) => line.event === 'inspect.sink.refused');
    expect(refused).toHaveLength(1);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('hunter2secret');
    expect(logged).not.toContain('abc123');
    expect(refused[0]?.url).toBe(`ws://ops:[redacted]@127.0.0.1:${port}/x?token=[redacted]`);
  });

  test('GIVEN a connected sink that goes away THEN the close is logged once and Ery goes on', async () => {
    const { logger, lines } = captureLogger();
    const server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: (request, srv) => (srv.upgrade(request) ? undefined : new Response('no', { status: 400 })),
      websocket: { message: () => {} },
    });
    const ery = core();
    const sink = connectStatelySink(ery.inspection, `ws://127.0.0.1:${server.port}`, logger, { retryMs: 20 });
    cleanups.push(() => sink.stop());
    await until(() => lines.some((line) => line.event === 'inspect.sink.connected'), 'the connection');
    await server.stop(true);
    await until(() => lines.some((line) => line.event === 'inspect.sink.closed'), 'the close');
    await Bun.sleep(200);
    ery.supervisor.receive(chatMessage({ channelId: '7' }));
    expect(lines.filter((line) => line.event === 'inspect.sink.closed')).toHaveLength(1);
    expect(ery.supervisor.channels()).toHaveLength(1);
  });
});
