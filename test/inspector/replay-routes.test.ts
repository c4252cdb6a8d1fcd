/**
 * The replay view's routes in process (issue 9 §3 `--inspect`): served beside the live inspector by
 * the ops server (behind its token), and on their own as `ery replay --inspect` serves them, both
 * from a channel's real log recorded through the supervisor.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createOpsHandler } from '../../src/app/ops-server.ts';
import type { EryDatabase } from '../../src/db/client.ts';
import { inspectorStores, replayStores } from '../../src/db/inspector-stores.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import { SqliteStepLog } from '../../src/db/step-log.ts';
import { createInspectorHandler } from '../../src/inspector/index.ts';
import { createReplayHandler } from '../../src/inspector/replay-server.ts';
import type { ReplayView, ThreadDetail } from '../../src/inspector/wire.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { CHANNEL, recordChannelLife } from '../replay/recorded-channel.ts';
import { inspectedSupervisor } from './inspector.fixtures.ts';

const START = Date.UTC(2025, 4, 1, 10);
const HOME = `/inspector/replay/${CHANNEL}`;
let db: EryDatabase;
let threads: string[];
let standalone: (request: Request) => Promise<Response>;

beforeAll(async () => {
  ({ db, threads } = await recordChannelLife(START));
  const first = threads[0] as string;
  const steps = new SqliteStepLog(db);
  steps.put(`${first}:1:model`, first, 1, 'model', {
    content: null,
    toolCalls: [{ id: 'c1', name: 'send_message', arguments: '{"content":"hi all"}' }],
    usage: { promptTokens: 20, completionTokens: 3 },
    model: 'm',
  });
  steps.put(`${first}:1:c1`, first, 1, 'tool', {
    callId: 'c1',
    decision: 'allowed',
    ok: true,
    content: 'sent',
  });
  standalone = createReplayHandler(replayStores(db.$client), HOME);
});
afterAll(() => db.$client.close());

const get = async (path: string, init?: RequestInit) => standalone(new Request(`http://replay${path}`, init));
const view = async (query = '') =>
  (await (await get(`/inspector/api/replay/${CHANNEL}${query}`)).json()) as ReplayView;
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe('GIVEN a channel’s recorded life', () => {
  test('WHEN its replay is asked THEN every step is the timeline’s, with the channel as it was after it', async () => {
    const replay = await view();
    const { steps, ...timeline } = buildTimeline(loadChannelLog(db.$client, CHANNEL, ':memory:'));
    expect(replay).toMatchObject(timeline);
    expect(replay.steps.map(({ channel, ...step }) => step)).toEqual(steps);
    expect(replay.steps.map((step): string => step.channel.state)).toEqual(steps.map((step) => step.after));
  });

  test('WHEN a step is shown THEN it carries the batch’s messages, the running thread and the timers armed then', async () => {
    const { steps } = await view();
    const second = steps.find((step) => step.event === 'message.received' && step.batch === 2);
    expect(second?.channel.batch.messages.map((message) => message.content)).toEqual(['first', 'second']);
    const window = second?.channel.timers.find((timer) => timer.name === 'batchWindow');
    // The window opened with the first message at START and lasts 1 s (recorded-channel.ts).
    expect(window).toMatchObject({
      event: 'batch.window.elapsed',
      startedAt: START,
      deadline: START + 1_000,
    });
    const started = steps.find((step) => step.started === threads[0]);
    expect(started?.channel.thread?.id).toBe(threads[0]);
    expect(started?.channel.timers.map((timer) => timer.name)).toEqual(['thread']);
  });

  test('WHEN a thread touched by the steps has recorded steps THEN its model reply and tool result come with it', async () => {
    const { threads: touched } = await view();
    expect(touched.find((thread) => thread.id === threads[0])?.steps).toEqual([
      expect.objectContaining({ kind: 'model', calls: [expect.objectContaining({ name: 'send_message' })] }),
      expect.objectContaining({ kind: 'tool', callId: 'c1', decision: 'allowed', result: 'sent' }),
    ]);
    const detail = (await (await get(`/inspector/api/threads/${threads[0]}`)).json()) as ThreadDetail;
    expect(detail.steps[0]?.calls[0]).toMatchObject({ tool: 'send_message', fedBack: 'sent' });
  });

  test('WHEN a range or a thread is asked as `ery replay` takes them THEN only those steps come', async () => {
    expect((await view('?from=2&to=%235')).steps.map((step) => step.seq)).toEqual([2, 3, 4, 5]);
    const one = await view(`?thread=${threads[1]}`);
    expect(one.steps[0]?.started).toBe(threads[1]);
    expect(one.steps.at(-1)?.ended?.thread).toBe(threads[1]);
    expect(one.threads.map((thread) => thread.id)).toEqual([threads[1] as string]);
  });

  test('WHEN asked for what is not there or badly THEN 400 or 404 say what is wrong', async () => {
    const cases: Array<[string, number, string]> = [
      ['/inspector/api/replay/general', 400, 'the channel id must be a Discord id (digits), not "general"'],
      [`/inspector/api/replay/${CHANNEL}?from=yesterday`, 400, '?from= takes an event number (12)'],
      [`/inspector/api/replay/${CHANNEL}?from=9&to=3`, 400, '?from=9 comes after ?to=3'],
      ['/inspector/api/replay/123456789', 404, 'no channel 123456789 in'],
      [
        `/inspector/api/replay/${CHANNEL}?thread=nope`,
        404,
        `no thread nope in the log of channel ${CHANNEL}`,
      ],
      [
        `/inspector/api/replay/${CHANNEL}?from=2000-01-01&to=2000-01-02`,
        404,
        `no step of channel ${CHANNEL}`,
      ],
    ];
    for (const [path, status, says] of cases) {
      const response = await get(path);
      expect({ path, status: response.status, error: await errorOf(response) }).toEqual({
        path,
        status,
        error: expect.stringContaining(says),
      });
    }
  });
});

describe('the replay view on its own, as `ery replay --inspect` serves it', () => {
  test('GIVEN its page THEN it loads the inspector’s style and its own code, nothing from elsewhere', async () => {
    const page = await get(HOME);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    for (const asset of ['/inspector/style.css', '/inspector/replay.css', '/inspector/replay.js'])
      expect(html).toContain(asset);
    expect(html).not.toMatch(/https?:\/\//);
    const js = await (await get('/inspector/replay.js')).text();
    expect(js).toContain('/inspector/api/replay/');
    expect(js).not.toMatch(/^\s*import\s/m);
    expect((await get('/inspector/replay.css')).headers.get('content-type')).toContain('text/css');
    expect((await get('/inspector/api/charts')).status).toBe(200);
  });

  test('GIVEN / or /inspector THEN it leads to the replay asked; other paths and methods are refused', async () => {
    for (const path of ['/', '/inspector']) {
      const response = await get(path);
      expect([response.status, response.headers.get('location')]).toEqual([303, HOME]);
    }
    expect((await get('/inspector/api/stream')).status).toBe(404);
    expect((await get(HOME, { method: 'POST' })).status).toBe(405);
  });
});

describe('the replay view in the live inspector', () => {
  const live = (withDb: boolean, token?: string) => {
    const world = inspectedSupervisor();
    const inspector = createInspectorHandler({
      supervisor: world.supervisor,
      hub: world.hub,
      ...(withDb ? { stores: inspectorStores(db) } : {}),
    });
    return {
      world,
      ops: createOpsHandler({
        supervisor: world.supervisor,
        mounts: { '/inspector': inspector.fetch },
        ...(token ? { token } : {}),
      }),
    };
  };

  test('GIVEN the ops server with a token THEN the replay view asks for it, and serves Ery’s database with it', async () => {
    const { world, ops } = live(true, 'sesame');
    const api = `http://ops/inspector/api/replay/${CHANNEL}`;
    expect((await ops(new Request(`http://ops${HOME}`))).status).toBe(401);
    expect((await ops(new Request(api))).status).toBe(401);
    const bearer = { headers: { authorization: 'Bearer sesame' } };
    expect((await ops(new Request(`http://ops${HOME}`, bearer))).status).toBe(200);
    const replay = (await (await ops(new Request(api, bearer))).json()) as ReplayView;
    expect(replay.steps.length).toBe((await view()).steps.length);
    world.supervisor.stop();
  });

  test('GIVEN an inspector without a database THEN the replay view says nothing is recorded there', async () => {
    const { world, ops } = live(false);
    const response = await ops(new Request(`http://ops/inspector/api/replay/${CHANNEL}`));
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toContain('nothing is recorded here');
    world.supervisor.stop();
  });
});
