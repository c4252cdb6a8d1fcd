import { describe, expect, test } from 'bun:test';
import { connect } from 'node:net';
import type { InspectionEvent } from 'xstate';
import type { InspectionHub } from '../../src/app/inspection-hub.ts';
import { startOpsServer } from '../../src/app/ops-server.ts';
import type { InspectorFeed } from '../../src/inspector/feed.ts';
import { frameStream } from '../../src/inspector/frame-stream.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { until } from '../support/until.ts';
import { bootOps } from './ops-fixtures.ts';

const PAD = 'x'.repeat(1_000);

/** Publishes `count` channel events of about 1 KB each, yielding between bursts as a busy Ery does. */
async function publish(hub: InspectionHub, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += 500) {
    for (let i = 0; i < 500; i++)
      hub.publish('7', {
        type: '@xstate.event',
        event: { type: 'tick', pad: PAD },
      } as unknown as InspectionEvent);
    await Bun.sleep(0);
  }
}

describe('GET /api/inspect with a slow reader', () => {
  test('GIVEN a client that never reads WHEN events keep coming THEN it is dropped once 4 MiB behind, no longer fed, and logged once', async () => {
    const { logger, lines } = captureLogger();
    const { inspection, fetch } = bootOps({ logger });
    const response = await fetch('/api/inspect');
    expect(inspection.listeners).toBe(1);
    await publish(inspection, 8_000);
    expect(inspection.listeners).toBe(0);
    const dropped = lines.filter((line) => line.event === 'ops.inspect.client_dropped');
    expect(dropped).toHaveLength(1);
    expect(Number(dropped[0]?.queuedBytes)).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    // What it had queued is still there to read, and it ends saying why it was closed.
    const text = await response.text();
    expect(text.length).toBeLessThan(5 * 1024 * 1024);
    expect(text).toEndWith('\n\n');
    expect(text.slice(text.lastIndexOf('event: dropped'))).toContain('read it as it comes');
  });

  test('GIVEN a client that reads as events come THEN it gets every one and is never dropped', async () => {
    const { logger, lines } = captureLogger();
    const { inspection, fetch } = bootOps({ logger });
    const controller = new AbortController();
    const response = await fetch('/api/inspect', { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += decoder.decode(value).split('"tick"').length - 1;
      }
    })();
    await publish(inspection, 8_000);
    await until(() => received === 8_000, 'every event');
    expect(inspection.listeners).toBe(1);
    expect(lines.some((line) => line.event === 'ops.inspect.client_dropped')).toBe(false);
    controller.abort();
    await reading.catch(() => {});
  });

  test('GIVEN a TCP client that sends the request and never reads THEN the bound server drops it and its memory is given back', async () => {
    const { logger, lines } = captureLogger();
    const { supervisor, inspection } = bootOps();
    const server = startOpsServer({ port: 0, supervisor, logger, inspection });
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    socket.on('error', () => {});
    try {
      socket.write('GET /api/inspect HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      socket.pause();
      await until(() => inspection.listeners === 1, 'the stream to open');
      for (let round = 0; round < 20 && inspection.listeners > 0; round++) await publish(inspection, 4_000);
      expect(inspection.listeners).toBe(0);
      expect(lines.filter((line) => line.event === 'ops.inspect.client_dropped')).toHaveLength(1);
    } finally {
      socket.destroy();
      await server.stop();
    }
  });
});

describe('GET /inspector/api/stream with a slow page', () => {
  test('GIVEN a page that never reads THEN the frame stream stops watching the feed once it is 4 MiB behind', async () => {
    let emit: (frame: unknown) => void = () => {};
    let watching = 0;
    const feed = {
      watch: (_focus: string | null, listener: (frame: unknown) => void) => {
        watching += 1;
        emit = listener;
        return () => {
          watching -= 1;
        };
      },
    } as unknown as InspectorFeed;
    const drops: number[] = [];
    const response = frameStream(feed, null, new AbortController().signal, 60_000, ({ queuedBytes }) =>
      drops.push(queuedBytes),
    );
    expect(watching).toBe(1);
    for (let i = 0; i < 6_000; i++) emit({ channels: [{ pad: PAD }] });
    expect(watching).toBe(0);
    expect(drops).toHaveLength(1);
    expect(await response.text()).toContain('event: dropped');
  });
});
