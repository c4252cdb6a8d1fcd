import { describe, expect, test } from 'bun:test';
import { createOpsHandler, startOpsServer } from '../../src/app/ops-server.ts';
import { silentLogger } from '../../src/logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { bootOps, sample } from './ops-fixtures.ts';

describe('ops server', () => {
  test('GIVEN live channels THEN /metrics reports them per state through prom-client, with the default process metrics', async () => {
    const { supervisor, fetch } = bootOps();
    supervisor.receive(chatMessage({ channelId: '7' }));
    supervisor.receive(chatMessage({ channelId: '8' }));
    const response = await fetch('/metrics');
    expect(response.headers.get('content-type')).toStartWith('text/plain; version=0.0.4');
    const text = await response.text();
    expect(sample(text, 'ery_channels_live')).toBe(2);
    expect(sample(text, 'ery_channels_by_state', { state: 'batching' })).toBe(2);
    expect(sample(text, 'ery_channels_by_state', { state: 'running' })).toBe(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE ery_thread_duration_seconds histogram');
  });

  test('GIVEN two handlers in one process THEN each has its own registry and counts only its own', async () => {
    const one = bootOps();
    const two = bootOps();
    one.metrics.messagesReceived.inc(3);
    expect(sample(await (await one.fetch('/metrics')).text(), 'ery_messages_received_total')).toBe(3);
    expect(sample(await (await two.fetch('/metrics')).text(), 'ery_messages_received_total')).toBe(0);
  });

  test('GIVEN live channels THEN /api/channels answers the same array as /api/actors', async () => {
    const { supervisor, json } = bootOps();
    supervisor.receive(chatMessage({ channelId: '9' }));
    const actors = await json('/api/actors');
    expect(actors.body).toHaveLength(1);
    expect((await json('/api/channels')).body).toEqual(actors.body);
  });

  test('GIVEN an inspect subscriber THEN it receives the events and snapshots of channel actors', async () => {
    const { supervisor, fetch } = bootOps();
    const controller = new AbortController();
    const response = await fetch('/api/inspect', { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the stream's opening comment
    supervisor.receive(chatMessage({ channelId: '8' }));
    let text = '';
    while (!text.includes('message.received')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"channelId":"8"');
    controller.abort();
  });

  test('GIVEN ERY_INSPECT is off THEN /api/inspect answers 404 saying how to turn it on', async () => {
    const { json } = bootOps({ inspect: false });
    const { status, body } = await json('/api/inspect');
    expect(status).toBe(404);
    expect(body.error).toContain('ERY_INSPECT=1');
  });

  test('GIVEN an unknown path or a write method THEN it answers 404 or 405 in JSON; HEAD is served', async () => {
    const { fetch, json } = bootOps();
    expect(await json('/nope')).toEqual({ status: 404, body: { error: 'no route /nope' } });
    const post = await fetch('/healthz', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch('/healthz', { method: 'HEAD' })).status).toBe(200);
  });

  test('GIVEN a handler mounted at /inspector THEN it answers that prefix and below, and nothing beside it', async () => {
    const seen: string[] = [];
    const { fetch, json } = bootOps({
      mounts: {
        '/inspector': (request) => {
          seen.push(new URL(request.url).pathname);
          return new Response('inspector');
        },
      },
    });
    expect(await (await fetch('/inspector')).text()).toBe('inspector');
    expect(await (await fetch('/inspector/assets/app.js')).text()).toBe('inspector');
    expect((await json('/inspectors')).status).toBe(404);
    expect(seen).toEqual(['/inspector', '/inspector/assets/app.js']);
  });

  test('GIVEN a mount prefix with a trailing slash THEN building the handler throws a TypeError naming it', () => {
    const { supervisor } = bootOps();
    expect(() => createOpsHandler({ supervisor, mounts: { '/inspector/': () => new Response() } })).toThrow(
      '"/inspector/"',
    );
  });

  test('GIVEN a mounted handler that throws THEN the answer is a 500 in JSON and the server goes on', async () => {
    const { json } = bootOps({
      mounts: {
        '/broken': () => {
          throw new Error('boom');
        },
      },
    });
    const broken = await json('/broken');
    expect(broken.status).toBe(500);
    expect(broken.body.error).toContain('ops.route_failed');
    expect((await json('/healthz')).status).toBe(200);
  });

  test('GIVEN the bound server THEN it answers over HTTP as the handler does', async () => {
    const { supervisor } = bootOps();
    supervisor.receive(chatMessage({ channelId: '9' }));
    const server = startOpsServer({ port: 0, supervisor, logger: silentLogger });
    try {
      expect(server.url).toStartWith('http://127.0.0.1:');
      expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok', live: 1 });
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
