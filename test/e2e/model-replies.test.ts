import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SILENCE_NUDGE } from '../../actors/agent-thread/silence.ts';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { threads } from '../../src/db/schema.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { createChatModel } from '../../src/llm/select-model.ts';
import { silentLogger } from '../../src/logger.ts';
import {
  DEMO_IDS,
  type Playground,
  type PlaygroundEvent,
  startPlayground,
} from '../../src/playground/index.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { type OpenAIServer, type ScriptStep, startOpenAIServer } from '../support/openai-server.ts';

/**
 * Issue 7 §4, "what real model servers really send", replayed end to end: the real discord.js
 * client against the playground, the real openai SDK against the scripted server, a SQLite file.
 */
setDefaultTimeout(30_000);

let dir: string;
let playground: Playground;
let llm: OpenAIServer;
const running: RunningEry[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ery-replies-'));
  playground = await startPlayground();
  llm = startOpenAIServer();
});
afterEach(async () => {
  for (const ery of running.splice(0)) await ery.stop();
});
afterAll(async () => {
  await playground.stop();
  await llm.close();
  rmSync(dir, { recursive: true, force: true });
});

let dbCount = 0;
/** Each test scripts its own model names, so a leftover step never leaks into another test. */
async function startEry(model: string, env: Record<string, string> = {}) {
  const { logger, lines } = captureLogger();
  const settings = loadEnv({
    ERY_DB_PATH: join(dir, `ery-${++dbCount}.db`),
    ERY_BATCH_WINDOW_MS: '200',
    ERY_COOLDOWN_MS: '50',
    LLM_BASE_URL: llm.baseURL,
    LLM_API_KEY: 'test',
    LLM_MODEL: model,
    ...env,
  });
  // Retries wait 1 ms instead of 500 ms: the outcome is the same, the test is faster.
  const chatModel = createChatModel(settings, silentLogger, { retryBaseMs: 1 });
  const ery = await runEry({
    env: settings,
    logger,
    ops: false,
    model: chatModel,
    target: { apiUrl: playground.apiUrl, token: playground.botToken },
  });
  running.push(ery);
  return { ery, lines };
}

const { users, channels } = DEMO_IDS;
const lastSeq = () => playground.events().at(-1)?.seq ?? 0;
const postedByEry = (after: number) => (event: PlaygroundEvent) =>
  event.type === 'message.created' && event.actorId === users.ery && event.seq > after;
const textOf = (event: PlaygroundEvent) => (event.type === 'message.created' ? event.message.content : '');

function mention(channelId: string, text: string) {
  return playground.postMessage({ channelId, authorId: users.alice, content: `<@${users.ery}> ${text}` });
}

/** Waits until a thread of `ery` is persisted with `status`; returns its row. */
async function threadEnded(ery: RunningEry, status: string) {
  let row: typeof threads.$inferSelect | undefined;
  await waitUntil(() => {
    ery.core.supervisor.flush();
    row = ery.core.db
      .select()
      .from(threads)
      .all()
      .find((thread) => thread.status === status);
    return row !== undefined;
  });
  return row as typeof threads.$inferSelect;
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await Bun.sleep(20);
  }
}

describe('GIVEN a model that writes its tool call as text (vLLM with Qwen)', () => {
  test('WHEN Alice mentions Ery THEN the message in the <tool_call> text is posted and the thread is done', async () => {
    const { ery } = await startEry('qwen-text-calls');
    const since = lastSeq();
    llm.script(
      'qwen-text-calls',
      {
        choice: {
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content:
              '<tool_call>{"name":"send_message","arguments":{"content":"Hi Alice, here I am."}}</tool_call>',
            tool_calls: [],
          },
        },
      },
      { reply: { content: null } },
    );
    mention(channels.general, 'are you there?');
    const posted = await playground.waitFor(postedByEry(since), 10_000);
    expect(textOf(posted)).toBe('Hi Alice, here I am.');
    await threadEnded(ery, 'done');
  });
});

describe('GIVEN a model that answers a mention with nothing', () => {
  test('WHEN both replies are empty THEN it is nudged once, Alice gets the failure notice and the thread is failed', async () => {
    const { ery } = await startEry('empty-model');
    const since = lastSeq();
    llm.script('empty-model', { reply: { content: '' } }, { reply: { content: null } });
    const question = mention(channels.random, 'what time is it?');
    const notice = await playground.waitFor(postedByEry(since), 10_000);
    expect(notice.type === 'message.created' && notice.message.replyTo?.id).toBe(question.id);
    expect(textOf(notice)).toContain("couldn't answer");
    const row = await threadEnded(ery, 'failed');
    expect(row.error).toContain('THREAD_SILENT');
    const calls = llm.calls('empty-model');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body.messages.at(-1)).toEqual({ role: 'user', content: SILENCE_NUDGE });
    expect(playground.events().filter(postedByEry(since))).toHaveLength(1);
  });
});

describe('GIVEN OpenRouter-style errors in a 200 body', () => {
  const body502: ScriptStep = { json: { error: { message: 'Provider returned error', code: 502 } } };

  test.each([
    ['a 200 body with error 502', 'body-502', body502],
    ['HTTP 502', 'http-502', { error: { status: 502 } } as ScriptStep],
  ])(
    'WHEN every call fails with %s and no fallback THEN two retries, then the notice',
    async (_what, model, step) => {
      const { ery } = await startEry(model);
      const since = lastSeq();
      llm.script(model, step, step, step);
      mention(channels.general, 'hello?');
      const notice = await playground.waitFor(postedByEry(since), 10_000);
      expect(textOf(notice)).toContain('not reachable');
      expect(llm.calls(model)).toHaveLength(3);
      expect((await threadEnded(ery, 'failed')).error).toContain('LLM_UNAVAILABLE');
    },
  );

  test('WHEN the primary keeps failing in the body and a fallback is configured THEN the fallback answers', async () => {
    const { ery } = await startEry('body-502-primary', { LLM_FALLBACK_MODELS: 'body-502-backup' });
    const since = lastSeq();
    llm.script('body-502-primary', body502, body502, body502);
    llm.script(
      'body-502-backup',
      { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'from the fallback' } }] } },
      { reply: { content: null } },
    );
    mention(channels.general, 'hello?');
    const posted = await playground.waitFor(postedByEry(since), 10_000);
    expect(textOf(posted)).toBe('from the fallback');
    expect(llm.calls('body-502-primary')).toHaveLength(3);
    await threadEnded(ery, 'done');
  });
});

describe('GIVEN content as a list of parts beside a valid tool call', () => {
  test('WHEN Alice mentions Ery THEN the call runs and its message is posted', async () => {
    const { ery } = await startEry('parts-model');
    const since = lastSeq();
    llm.script(
      'parts-model',
      {
        choice: {
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Alice wants a greeting.' },
              { type: 'text', text: '' },
            ],
            tool_calls: [
              {
                id: 'call_p',
                type: 'function',
                function: { name: 'send_message', arguments: '{"content":"Hello!"}' },
              },
            ],
          },
        },
      },
      { reply: { content: null } },
    );
    mention(channels.general, 'say hello');
    expect(textOf(await playground.waitFor(postedByEry(since), 10_000))).toBe('Hello!');
    await threadEnded(ery, 'done');
  });
});

describe('GIVEN a model slower than ERY_THREAD_TIMEOUT_MS', () => {
  test('WHEN the machine stops the thread THEN Alice gets exactly one notice, the request is aborted and a warning is logged', async () => {
    const { ery, lines } = await startEry('slow-model', { ERY_THREAD_TIMEOUT_MS: '1000' });
    const since = lastSeq();
    llm.script('slow-model', { delayMs: 3_000 });
    const question = mention(channels.random, 'think hard');
    const notice = await playground.waitFor(postedByEry(since), 10_000);
    expect(notice.type === 'message.created' && notice.message.replyTo?.id).toBe(question.id);
    expect(textOf(notice)).toContain('longer than I am allowed');
    const row = await threadEnded(ery, 'timed_out');
    await waitUntil(() => llm.calls('slow-model')[0]?.aborted === true);
    const warning = lines.find((line) => line.event === 'thread.timed_out');
    expect(warning).toMatchObject({
      level: 40,
      channelId: channels.random,
      threadId: row.id,
      timeoutMs: 1000,
    });
    expect(warning?.deadline).toBe(row.startedAt + 1000);
    // The model was asked once; nothing else was posted.
    expect(llm.calls('slow-model')).toHaveLength(1);
    expect(playground.events().filter(postedByEry(since))).toHaveLength(1);
  });
});
