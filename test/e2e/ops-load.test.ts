/**
 * The ops endpoints under load: the real discord.js client against the playground, the real openai
 * SDK against a scripted model, a real SQLite file, the real ops server over HTTP with a token.
 * Many messages over many channels in two servers, then `/api/actors`, `/api/actors/:channelId`
 * and `/metrics` are checked against what was sent and what Ery stored.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActorSummary, MAX_LISTED_MESSAGES } from '../../src/app/ops-actors.ts';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { auditLog, channelEvents, threads } from '../../src/db/schema.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { toolRegistry } from '../../src/tools/registry.ts';
import { sample } from '../app/ops-fixtures.ts';
import { type OpenAIServer, startOpenAIServer } from '../support/openai-server.ts';
import { LOAD_IDS, loadWorld } from './support/load-world.ts';
import { seedWorld } from './support/seed-world.ts';

setDefaultTimeout(90_000);

const TOKEN = 'load-test-ops-token-0123';
const MESSAGES_PER_CHANNEL = 30;
const SENDS = 10;
const INVENTED = 2;
const INJECTED_429 = 3;

let dir: string;
let playground: Playground;
let llm: OpenAIServer;
let ery: RunningEry;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ery-ops-load-'));
  playground = await startPlayground({ seed: seedWorld(loadWorld) });
  llm = startOpenAIServer();
  ery = await runEry({
    env: loadEnv({
      ERY_DB_PATH: join(dir, 'ery.db'),
      ERY_HTTP_PORT: '0',
      ERY_OPS_TOKEN: TOKEN,
      ERY_BATCH_SIZE: '5',
      ERY_BATCH_WINDOW_MS: '600000',
      ERY_COOLDOWN_MS: '50',
      ERY_MAX_RUNNING_PER_GUILD: '4',
      LLM_BASE_URL: llm.baseURL,
      LLM_API_KEY: 'test',
      LLM_MODEL: 'load',
    }),
    logger: silentLogger,
    target: { apiUrl: playground.apiUrl, token: playground.tokenFor(LOAD_IDS.bot) },
  });
});

afterAll(async () => {
  await ery?.stop();
  await playground?.stop();
  await llm?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** GET on the ops server with the bearer token; the parsed JSON, or the text for /metrics. */
async function ops(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${ery.ops?.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = response.headers.get('content-type')?.includes('json')
    ? await response.json()
    : await response.text();
  return { status: response.status, body };
}
const actors = async () => (await ops('/api/actors')).body as ActorSummary[];

/** A quiet channel keeps an open batch through the load: it must still be batching at the end. */
const quiet = LOAD_IDS.channels[0] as string;
const busy = LOAD_IDS.channels.slice(1);
let waiting: Array<{ id: string; content: string }> = [];
let sent = 0;
/** `/api/actors` once every busy channel is idle again. */
let listed: ActorSummary[] = [];
/** How many times `/api/actors` was read (and checked) while the load ran. */
let polls = 0;

/**
 * The load: two messages in the quiet channel, then round-robin over the busy ones, each busy
 * channel's last message mentioning Ery so no batch waits for its window. The scripted model
 * calls `send_message` and an invented tool a few times; a few of Ery's typing requests get 429s.
 * Then `/api/actors` is polled, every actor checked each time, until the busy channels are idle.
 */
beforeAll(async () => {
  waiting = [0, 1].map((i) =>
    playground.postMessage({ channelId: quiet, authorId: LOAD_IDS.alice, content: `waiting ${i}` }),
  );
  llm.script(
    'load',
    ...Array.from({ length: SENDS }, (_, i) => ({
      reply: { toolCalls: [{ name: 'send_message', arguments: { content: `ack ${i}` } }] },
    })),
    ...Array.from({ length: INVENTED }, () => ({ reply: { toolCalls: [{ name: 'no_such_tool' }] } })),
  );
  playground.faults.rateLimit({ count: INJECTED_429, retryAfterMs: 20, method: 'POST', route: /\/typing$/ });
  for (let n = 0; n < MESSAGES_PER_CHANNEL; n += 1) {
    for (const channelId of busy) {
      const last = n === MESSAGES_PER_CHANNEL - 1;
      playground.postMessage({
        channelId,
        authorId: n % 2 === 0 ? LOAD_IDS.alice : LOAD_IDS.bob,
        content: last ? `<@${LOAD_IDS.bot}> that is all` : `message ${n}`,
      });
    }
  }
  sent = busy.length * MESSAGES_PER_CHANNEL + waiting.length;
  const deadline = Date.now() + 60_000;
  for (;;) {
    listed = await actors();
    polls += 1;
    for (const actor of listed) expectConsistent(actor);
    const settled = listed.filter((actor) => busy.includes(actor.channelId));
    if (settled.length === busy.length && settled.every((actor) => actor.state === 'idle')) break;
    if (Date.now() > deadline) throw new Error(`channels did not settle: ${JSON.stringify(listed)}`);
    await Bun.sleep(50);
  }
  ery.core.supervisor.flush();
});

describe('ops endpoints under load from the playground', () => {
  test('GIVEN many messages over many channels THEN /api/actors lists every channel in its server, the busy ones idle and the quiet one batching', () => {
    expect(polls).toBeGreaterThan(0);
    expect(listed.map((actor) => actor.channelId).sort()).toEqual([...LOAD_IDS.channels].sort());
    for (const actor of listed) {
      expect(actor.guildId).toBe(LOAD_IDS.guildOf(actor.channelId) ?? 'a load channel');
      if (actor.channelId === quiet) continue;
      expect(actor).toMatchObject({ batch: { size: 0 }, queue: { size: 0 }, thread: null });
      expect(actor.deadlines.idle).toBeGreaterThan(Date.now());
    }
    expect(listed.find((actor) => actor.channelId === quiet)).toMatchObject({
      state: 'batching',
      batch: { size: 2, messages: waiting.map((message) => ({ id: message.id, content: message.content })) },
      thread: null,
    });
  });

  test('GIVEN the load THEN /api/actors/:channelId gives the events and threads Ery stored, and the window deadline of the open batch', async () => {
    const busiest = busy[0] as string;
    const detail = (await ops(`/api/actors/${busiest}?events=500&threads=100`)).body as {
      live: boolean;
      events: Array<{ seq: number; type: string }>;
      threads: Array<{ id: string; status: string }>;
    };
    const db = ery.core.db;
    const storedThreads = db
      .select()
      .from(threads)
      .all()
      .filter((row) => row.channelId === busiest)
      .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
    expect(detail.live).toBe(true);
    expect(detail.threads.map((thread) => thread.id)).toEqual(storedThreads.map((row) => row.id));
    // An addressed batch the model answers with no message fails (THREAD_SILENT): none still runs.
    expect(detail.threads.every((thread) => thread.status !== 'running')).toBe(true);
    const storedSeqs = db
      .select()
      .from(channelEvents)
      .all()
      .filter((row) => row.channelId === busiest)
      .map((row) => row.seq);
    expect(detail.events.map((event) => event.seq)).toEqual(storedSeqs.sort((a, b) => a - b));
    const received = detail.events.filter((event) => event.type === 'message.received');
    expect(received).toHaveLength(MESSAGES_PER_CHANNEL);

    const open = (await ops(`/api/actors/${quiet}`)).body as {
      actor: ActorSummary;
      snapshot: { context: { batchOpenedAt: number } };
    };
    expect(open.actor.deadlines.batchWindow).toBe(open.snapshot.context.batchOpenedAt + 600_000);
  });

  test('GIVEN the load THEN every /metrics counter equals what was sent, or what Ery stored as it happened', async () => {
    const text = (await ops('/metrics')).body as string;
    const db = ery.core.db;
    const threadRows = db.select().from(threads).all();
    const auditRows = db.select().from(auditLog).all();
    expect(sample(text, 'ery_messages_received_total')).toBe(sent);
    const byTrigger = count(threadRows.map((row) => row.trigger));
    expect(byTrigger.size).toBeGreaterThan(1);
    for (const [trigger, n] of byTrigger)
      expect({ trigger, n: sample(text, 'ery_threads_started_total', { trigger }) }).toEqual({ trigger, n });
    const ended = count(threadRows.filter((row) => row.endedAt !== null).map((row) => row.status));
    for (const [status, n] of ended)
      expect({ status, n: sample(text, 'ery_thread_duration_seconds_count', { status }) }).toEqual({
        status,
        n,
      });
    expect(auditRows).toHaveLength(SENDS + INVENTED);
    // A tool name the model made up is labelled `unknown`: it never becomes a series of its own.
    const label = (tool: string) => (toolRegistry.get(tool) ? tool : 'unknown');
    for (const [key, n] of count(auditRows.map((row) => `${label(row.tool)}/${row.decision}`))) {
      const [tool, decision] = key.split('/') as [string, string];
      expect({ key, n: sample(text, 'ery_tool_calls_total', { tool, decision }) }).toEqual({ key, n });
    }
    const invented = sample(text, 'ery_tool_calls_total', { tool: 'unknown', decision: 'invalid' });
    expect(invented).toBe(INVENTED);
    expect(text).not.toContain('no_such_tool');
    const calls = llm.calls('load').length;
    expect(sample(text, 'ery_model_request_duration_seconds_count', { outcome: 'ok' })).toBe(calls);
    expect(sample(text, 'ery_model_tokens_total', { kind: 'prompt' })).toBe(10 * calls);
    expect(sample(text, 'ery_model_tokens_total', { kind: 'completion' })).toBe(5 * calls);
    const refused = playground
      .events()
      .filter(
        (event) => event.type === 'http.request' && event.status === 429 && event.actorId === LOAD_IDS.bot,
      );
    expect(refused.length).toBeGreaterThanOrEqual(INJECTED_429);
    expect(sumOf(text, 'ery_discord_429_responses_total')).toBe(refused.length);
    expect(sample(text, 'ery_channels_by_state', { state: 'idle' })).toBe(busy.length);
    expect(sample(text, 'ery_channels_by_state', { state: 'batching' })).toBe(1);
    expect(sample(text, 'ery_snapshot_write_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Ery answered over Discord as the model asked (and told whoever addressed it of each silent thread).
    const replies = playground
      .events()
      .filter((event) => event.type === 'message.created' && event.actorId === LOAD_IDS.bot);
    expect(replies.length).toBeGreaterThanOrEqual(SENDS);
  });
});

/** What holds of any actor at any moment: one timer at most, a thread exactly while running. */
function expectConsistent(actor: ActorSummary): void {
  const armed = Object.entries(actor.deadlines).filter(([, at]) => at !== null);
  expect({ channelId: actor.channelId, armed: armed.length <= 1 }).toEqual({
    channelId: actor.channelId,
    armed: true,
  });
  expect(actor.thread !== null).toBe(actor.state === 'running');
  expect(actor.deadlines.thread !== null).toBe(actor.state === 'running');
  expect(actor.batch.messages).toHaveLength(Math.min(actor.batch.size, MAX_LISTED_MESSAGES));
  expect(actor.queue.messages).toHaveLength(Math.min(actor.queue.size, MAX_LISTED_MESSAGES));
}

/** How often each value occurs. */
function count(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** The sum of every sample of a counter, whatever its labels (0 when it has none yet). */
function sumOf(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
