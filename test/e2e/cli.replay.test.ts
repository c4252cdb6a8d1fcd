/**
 * `ery replay` as a user runs it (issue 9 §3): real processes, a real SQLite file, the playground
 * and a scripted model server. A run is interrupted by SIGKILL while a thread waits on the model,
 * started again (the thread runs again and finishes), stopped, and then replayed and verified;
 * replay also reads the database while Ery holds it.
 */
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { DEMO_IDS } from '../../src/playground/index.ts';
import { type OpenAIServer, startOpenAIServer } from '../support/openai-server.ts';
import { type ChatStateBody, dir, useCliDir } from './cli.fixtures.ts';
import { cliEnv, type EryProcess, finished, freePort, spawnEry, stdoutUntil } from './support/cli-process.ts';

useCliDir();
const { users, channels } = DEMO_IDS;
const general = channels.general;
let llm: OpenAIServer;
let dbPath: string;
const opsPort = freePort();
const playgroundPort = freePort();
const chatUrl = `http://127.0.0.1:${playgroundPort}`;
const children: EryProcess[] = [];

const replay = (...args: string[]) =>
  finished(spawnEry(['replay', ...args], { cwd: dir, env: cliEnv({ ERY_DB_PATH: dbPath }) }));

/** `ery start` on the playground and the scripted model; resolves once it is serving (its banner is out). */
async function startEry(): Promise<EryProcess> {
  const env = cliEnv({
    ERY_DB_PATH: dbPath,
    ERY_HTTP_PORT: String(opsPort),
    ERY_PLAYGROUND_PORT: String(playgroundPort),
    ERY_BATCH_WINDOW_MS: '600000',
    ERY_COOLDOWN_MS: '50',
    LLM_BASE_URL: llm.baseURL,
    LLM_API_KEY: 'test',
    LLM_MODEL: 'cli-replay',
  });
  const child = spawnEry(['start'], { cwd: dir, env });
  children.push(child);
  await stdoutUntil(child, 'Ops:');
  return child;
}

async function poll(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 600; tries += 1) {
    if (await condition().catch(() => false)) return;
    await Bun.sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const post = (authorId: string, content: string) =>
  fetch(`${chatUrl}/chat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channelId: general, authorId, content }),
  });
const chat = async () =>
  ((await (await fetch(`${chatUrl}/chat/state`)).json()) as ChatStateBody).messages[general]?.map(
    (m) => m.content,
  ) ?? [];
/** The channel's state as the ops server shows it (`GET /api/actors`). */
const liveState = async () => {
  const actors = (await (await fetch(`http://127.0.0.1:${opsPort}/api/actors`)).json()) as Array<{
    channelId: string;
    state: string;
  }>;
  return actors.find((actor) => actor.channelId === general)?.state;
};

let whileRunning: Awaited<ReturnType<typeof replay>>;
let threadId: string;

beforeAll(async () => {
  llm = startOpenAIServer();
  dbPath = join(dir, 'replay', 'ery.db');
  // First run: Bob opens a batch; Alice's mention starts a thread whose model call never answers.
  llm.script('cli-replay', { delayMs: 60_000 });
  const first = await startEry();
  await post(users.bob, 'morning');
  await post(users.alice, `<@${users.ery}> are you there?`);
  await llm.waitForRequests(1);
  // Ery holds the database: replay reads it anyway.
  whileRunning = await replay(general);
  first.kill('SIGKILL');
  await first.exited;

  // Second run: the interrupted thread runs again, and this time the model answers.
  llm.script(
    'cli-replay',
    { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'back again' } }] } },
    { reply: { content: null } },
  );
  const second = await startEry();
  await poll(async () => (await chat()).includes('back again'), 'the answer after the restart');
  await poll(async () => (await liveState()) === 'idle', 'the channel to rest');
  second.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  const db = new Database(dbPath, { readonly: true });
  threadId = (db.query('SELECT id FROM threads WHERE channel_id = ?').get(general) as { id: string }).id;
  db.close();
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await llm.close();
});

describe('GIVEN a run of #general interrupted by SIGKILL mid-thread, then started again', () => {
  test('WHEN replayed while that Ery held the database THEN the timeline showed the thread running', () => {
    expect(whileRunning.code).toBe(0);
    expect(whileRunning.stdout).toMatch(/batching → running .* permit\.granted/);
  });

  test('WHEN verified THEN it passes, restore included, and exits 0 with nothing on stderr', async () => {
    const result = await replay(general, '--verify');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toStartWith(`✓ channel ${general}: the replay matches`);
    expect(result.stdout).toContain('1 restore');
  });

  test('WHEN replayed THEN each step shows its time, event, state before → after, sizes and the thread', async () => {
    const { code, stdout } = await replay(general);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const line = (pattern: RegExp) => lines.find((text) => pattern.test(text)) ?? '';
    expect(line(/message\.received: Bob: "morning"/)).toMatch(
      /^\s+2 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}idle → batching +1 +0 /,
    );
    expect(line(/xstate\.init: restored/)).toContain('restored from the snapshot after #');
    expect(line(/xstate\.done\.actor\.agentThread/)).toContain(`running → cooldown`);
    expect(line(/xstate\.done\.actor\.agentThread/)).toContain(`■ ${threadId} done`);
  });

  test('WHEN replayed as JSON from one step to another THEN it prints exactly those steps as plain data', async () => {
    const { code, stdout } = await replay(general, '--json', '--from', '2', '--to', '#4');
    expect(code).toBe(0);
    const timeline = JSON.parse(stdout) as {
      channelId: string;
      steps: Array<{ seq: number; before: string; after: string; batch: number }>;
    };
    expect(timeline.channelId).toBe(general);
    expect(timeline.steps.map((step) => step.seq)).toEqual([2, 3, 4]);
    expect(timeline.steps[0]).toMatchObject({ before: 'idle', after: 'batching', batch: 1 });
  });

  test('WHEN one thread is replayed THEN its records are shown by model step and lead to the output it reported', async () => {
    const { code, stdout } = await replay(general, '--thread', threadId);
    expect(code).toBe(0);
    expect(stdout).toContain(`Thread ${threadId} · mention · done · 2 messages`);
    expect(stdout).toMatch(/step 1 +model reply +cli-replay +→ send_message\(\{"content":"back again"\}\)/);
    expect(stdout).toMatch(/step 1 +tool result +call_1: allowed/);
    expect(stdout).toContain(
      'replay: its 3 records (2 model replies, 1 tool result) replay to the output it reported: 2 model steps, 1 tool call',
    );
    // SIGKILL cut it off mid-thread: it shows when it was last seen and when it resumed, no duration.
    expect(stdout).toMatch(
      /interrupted by a restart: last seen \d{4}-\d\d-\d\d [\d:.]+, resumed \d{4}-\d\d-\d\d [\d:.]+ \(#\d+\)/,
    );
    expect(stdout).not.toContain('took');
  });

  test('WHEN --thread names no thread of the channel THEN it says so and lists its threads newest first', async () => {
    const { code, stderr } = await replay(general, '--thread', 'nope');
    expect(code).toBe(1);
    expect(stderr).toContain(
      `no thread nope in the log of channel ${general} (its threads, newest first: ${threadId}); check --thread`,
    );
  });

  test('WHEN an event is removed from a copy of the log THEN --verify exits 1 naming that step', async () => {
    const copy = join(dir, 'replay', 'damaged.db');
    const source = new Database(dbPath, { readonly: true });
    source.run('VACUUM INTO ?', [copy]);
    source.close();
    const damaged = new Database(copy);
    damaged.run('DELETE FROM channel_events WHERE channel_id = ? AND seq = 3', [general]);
    damaged.close();
    const { code, stdout } = await replay(general, '--verify', '--db', copy);
    expect(code).toBe(1);
    expect(stdout).toContain(`✗ channel ${general} diverges at #3 (missing event) from the log:`);
  });
});

describe('ery replay refuses with one line', () => {
  test('GIVEN bad options THEN it names the mistake, points to its help and exits 2', async () => {
    const cases: Array<{ args: string[]; says: string }> = [
      {
        args: [],
        says: '"replay" needs an argument: ery replay <channelId> [options]; see `ery help replay`',
      },
      {
        args: [general, '--from', 'yesterday'],
        says: '--from takes an event number (12) or an ISO time (2025-05-01T10:00:00Z), not "yesterday"; see `ery help replay`',
      },
      {
        args: [general, '--from', '9', '--to', '3'],
        says: '--from 9 comes after --to 3; see `ery help replay`',
      },
      { args: [general, '--thread'], says: '--thread needs a value; see `ery help replay`' },
      { args: [general, '--verify=yes'], says: '--verify takes no value (got "yes"); see `ery help replay`' },
      {
        args: ['general'],
        says: 'the channel id must be a Discord id (digits), not "general"; see `ery help replay`',
      },
    ];
    for (const { args, says } of cases) {
      const result = await replay(...args);
      expect({ args, ...result }).toEqual({ args, code: 2, stdout: '', stderr: `ery: ${says}\n` });
    }
  });

  test('GIVEN an unknown channel, a channel with no events or no database THEN it says what to do and exits 1', async () => {
    const unknown = await replay('123456789012345678');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      `ery: no channel 123456789012345678 in ${JSON.stringify(dbPath)} (channels with a log, latest first: ${general}); check the id or --db\n`,
    );
    const copy = join(dir, 'replay', 'no-events.db');
    const source = new Database(dbPath, { readonly: true });
    source.run('VACUUM INTO ?', [copy]);
    source.close();
    const emptied = new Database(copy);
    emptied.run('DELETE FROM channel_events');
    emptied.close();
    const empty = await replay(general, '--db', copy);
    expect(empty).toEqual({
      code: 1,
      stdout: '',
      stderr: `ery: channel ${general} has a stored snapshot but no logged event in ${JSON.stringify(copy)}: nothing to replay\n`,
    });
    const missing = await replay(general, '--db', join(dir, 'nowhere.db'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no database at');
    expect(await Bun.file(join(dir, 'nowhere.db')).exists()).toBe(false);
    const range = await replay(general, '--from', '2000-01-01', '--to', '2000-01-02');
    expect(range.code).toBe(1);
    expect(range.stderr).toStartWith(
      `ery: no step of channel ${general} from 2000-01-01T00:00:00.000Z to 2000-01-02T00:00:00.000Z (its log runs #1 `,
    );
  });
});
