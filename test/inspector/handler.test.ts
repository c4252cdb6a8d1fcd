import { afterEach, describe, expect, test } from 'bun:test';
import { createOpsHandler } from '../../src/app/ops-server.ts';
import { createSqliteAuditSink } from '../../src/db/audit-log.ts';
import { inspectorStores } from '../../src/db/inspector-stores.ts';
import { threads } from '../../src/db/schema.ts';
import { SqliteStepLog } from '../../src/db/step-log.ts';
import { createInspectorHandler } from '../../src/inspector/index.ts';
import type { Charts, InspectorFrame, ThreadDetail, ThreadRow } from '../../src/inspector/wire.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { inspectedSupervisor } from './inspector.fixtures.ts';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function boot() {
  const world = inspectedSupervisor();
  stops.push(() => world.supervisor.stop());
  const handler = createInspectorHandler({
    supervisor: world.supervisor,
    hub: world.hub,
    stores: inspectorStores(world.db),
    names: {
      guild: (id) => (id === '10' ? 'Demo' : null),
      channel: (id) => (id === '100' ? 'general' : null),
    },
    frameMs: 20,
  });
  const get = async (path: string, init?: RequestInit) => {
    const response = await handler(new Request(`http://ops${path}`, init));
    if (!response) throw new Error(`${path} was not answered`);
    return response;
  };
  return { ...world, handler, get };
}

/** Reads SSE frames from `response` until `done` says enough. */
async function readFrames(response: Response, done: (frames: InspectorFrame[]) => boolean) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const frames: InspectorFrame[] = [];
  let text = '';
  while (!done(frames)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += new TextDecoder().decode(chunk.value);
    const parts = text.split('\n\n');
    text = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('data: ')) frames.push(JSON.parse(part.slice(6)));
  }
  await reader.cancel();
  return frames;
}

/** A finished thread as Ery records it: its row, what the model was given, replies, results, audit. */
function recordThread(world: ReturnType<typeof boot>, threadId: string) {
  world.db
    .insert(threads)
    .values({
      id: threadId,
      channelId: '100',
      guildId: '10',
      trigger: 'mention',
      messageIds: ['1'],
      status: 'done',
      startedAt: 1_000,
      endedAt: 2_500,
      model: 'm',
      promptTokens: 30,
      completionTokens: 5,
    })
    .run();
  const steps = new SqliteStepLog(world.db);
  const system = { role: 'system', content: 'You are Ery.' };
  const ask = { role: 'user', content: 'alice: ban bob' };
  const call = { id: 'c1', name: 'ban_member', arguments: '{"user_id":"2"}' };
  const tools = ['ban_member', 'send_message'];
  steps.put(`${threadId}:1:model`, threadId, 1, 'model', {
    content: null,
    toolCalls: [call],
    usage: { promptTokens: 20, completionTokens: 3 },
    model: 'm',
    given: { from: 0, turns: [system, ask], tools },
  });
  steps.put(`${threadId}:1:c1`, threadId, 1, 'tool', {
    callId: 'c1',
    decision: 'denied',
    ok: false,
    content: '{"ok":false}',
  });
  const turn = [
    { role: 'assistant', content: null, toolCalls: [call] },
    { role: 'tool', toolCallId: 'c1', content: '{"ok":false}' },
  ];
  steps.put(`${threadId}:2:model`, threadId, 2, 'model', {
    content: 'done',
    toolCalls: [],
    usage: { promptTokens: 10, completionTokens: 2 },
    model: 'm',
    given: { from: 2, turns: turn, tools },
  });
  createSqliteAuditSink(world.db).record({
    threadId,
    guildId: '10',
    channelId: '100',
    step: 1,
    callId: 'c1',
    tool: 'ban_member',
    arguments: { user_id: '2' },
    requesterId: '500',
    requestedByMessageId: '1',
    decision: 'denied',
    reason: 'you need the Ban Members permission',
    outcome: 'skipped',
    result: null,
    error: null,
    durationMs: 1,
    at: 2_000,
  });
}

describe('inspector handler', () => {
  test('GIVEN a request outside /inspector THEN it answers null, so ops routes the rest', async () => {
    const { handler } = boot();
    expect(await handler(new Request('http://ops/health'))).toBeNull();
    expect(await handler(new Request('http://ops/inspectorx'))).toBeNull();
  });

  test('GIVEN the page THEN it and its bundled code and style are served with nothing from elsewhere', async () => {
    const { get } = boot();
    const page = await get('/inspector');
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/inspector/app.js');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await (await get('/inspector/app.js')).text();
    expect(js).toContain('/inspector/api/stream');
    // One bundle: no import statement is left for the browser to resolve.
    expect(js).not.toMatch(/^\s*import\s/m);
    expect((await get('/inspector/style.css')).headers.get('content-type')).toContain('text/css');
  });

  test('GIVEN /api/charts THEN both machines come laid out, states named as their snapshots name them', async () => {
    const { get } = boot();
    const charts = (await (await get('/inspector/api/charts')).json()) as Charts;
    expect(charts.channel.nodes.map((node) => node.id)).toContain('cooldown');
    expect(charts.supervisor.nodes.map((node) => node.id)).toContain('serving');
  });

  test('GIVEN the stream THEN a full frame comes first, then the history with every state change, then the changes as a message arrives', async () => {
    const world = boot();
    world.supervisor.receive(chatMessage({ channelId: '100', guildId: '10', content: 'hi' }));
    world.supervisor.flush();
    const controller = new AbortController();
    const response = await world.get('/inspector/api/stream?channel=100', { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const pending = readFrames(response, (frames) =>
      frames.some((frame) => frame.focus?.events.some((event) => event.text === 'alice: there')),
    );
    setTimeout(
      () => world.supervisor.receive(chatMessage({ channelId: '100', guildId: '10', content: 'there' })),
      30,
    );
    const frames = await pending;
    controller.abort();
    expect(frames[0]).toMatchObject({
      full: true,
      channels: [
        { channelId: '100', guildName: 'Demo', channelName: 'general', state: 'batching', batch: 1 },
      ],
      focus: { channelId: '100', channelName: 'general', live: true, detail: { state: 'batching' } },
    });
    // The events before the page opened come next, loaded from the log, each with its state change.
    const history = frames.find((frame) => frame.focus?.history)?.focus?.history;
    expect(history?.events.map((event) => [event.seq, event.type, event.text, event.from, event.to])).toEqual(
      [
        [1, 'xstate.init', 'a new actor', null, 'idle'],
        [2, 'message.received', 'alice: hi', 'idle', 'batching'],
      ],
    );
    // The second message fills the batch: the permit comes a microtask later, in the same frame.
    expect(
      frames.at(-1)?.focus?.events.map((event) => [event.type, event.text, event.from, event.to]),
    ).toEqual([
      ['message.received', 'alice: there', 'batching', 'batching'],
      ['permit.granted', '', 'batching', 'running'],
    ]);
    await Bun.sleep(10);
    expect(world.handler.feed.watching).toBe(0);
  });

  test('GIVEN a recorded thread THEN its detail shows what the model was given, each call with its decision, and what was denied and why', async () => {
    const world = boot();
    recordThread(world, 'thread-100-1');
    const list = (await (await world.get('/inspector/api/channels/100/threads')).json()) as ThreadRow[];
    expect(list.map((row) => [row.id, row.status])).toEqual([['thread-100-1', 'done']]);
    const detail = (await (await world.get('/inspector/api/threads/thread-100-1')).json()) as ThreadDetail;
    expect(detail.thread).toMatchObject({ id: 'thread-100-1', status: 'done', messageIds: ['1'] });
    expect(detail.steps.map((step) => step.prompt?.map((turn) => turn.role))).toEqual([
      ['system', 'user'],
      ['system', 'user', 'assistant', 'tool'],
    ]);
    expect(detail.steps[1]?.prompt?.[2]?.content).toBe('→ ban_member({"user_id":"2"})');
    expect(detail.steps[0]?.tools).toEqual(['ban_member', 'send_message']);
    expect(detail.steps[0]?.calls).toEqual([
      expect.objectContaining({
        tool: 'ban_member',
        arguments: { user_id: '2' },
        decision: 'denied',
        reason: 'you need the Ban Members permission',
        outcome: 'skipped',
        fedBack: '{"ok":false}',
      }),
    ]);
    expect(detail.steps[1]?.reply).toMatchObject({ content: 'done', model: 'm' });
    expect(detail.denied.map((call) => [call.tool, call.reason])).toEqual([
      ['ban_member', 'you need the Ban Members permission'],
    ]);
  });

  test('GIVEN bad or unknown ids and other methods THEN 400, 404 and 405 say what is wrong', async () => {
    const { get } = boot();
    expect((await get('/inspector/api/stream?channel=nope')).status).toBe(400);
    expect((await get('/inspector/api/channels/x/threads')).status).toBe(400);
    const missing = await get('/inspector/api/threads/none');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('no thread none');
    expect((await get('/inspector/api/threads/%E0%A4%A')).status).toBe(400);
    expect((await get('/inspector/nothing')).status).toBe(404);
    expect((await get('/inspector', { method: 'POST' })).status).toBe(405);
  });

  test('GIVEN the ops handler with the inspector mounted THEN it serves the page beside its own routes', async () => {
    const { supervisor, handler } = boot();
    const ops = createOpsHandler({ supervisor, mounts: { '/inspector': handler.fetch } });
    expect((await ops(new Request('http://ops/inspector'))).status).toBe(200);
    expect((await ops(new Request('http://ops/inspector/api/charts'))).status).toBe(200);
    expect((await ops(new Request('http://ops/api/actors'))).status).toBe(200);
  });
});
