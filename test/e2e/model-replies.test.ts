import { describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import { SILENCE_NUDGE } from '../../actors/agent-thread/silence.ts';
import { runEry } from '../../src/app/run.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { createChatModel } from '../../src/llm/select-model.ts';
import { silentLogger } from '../../src/logger.ts';
import { DEMO_IDS, type PlaygroundEvent } from '../../src/playground/index.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { OPENROUTER_502_BODY, partsBesideToolCall, toolCallAsText } from '../support/model-replies.ts';
import type { ScriptStep } from '../support/openai-server.ts';
import { threadEnded, useEryWorld, waitUntil } from './support/ery-harness.ts';

/**
 * Issue 7 §4, "what real model servers really send", replayed end to end: the real discord.js
 * client against the playground, the real openai SDK against the scripted server, a SQLite file.
 */
setDefaultTimeout(30_000);

const world = useEryWorld('ery-replies-');

let dbCount = 0;
/** Each test scripts its own model names, so a leftover step never leaks into another test. */
async function startEry(model: string, env: Record<string, string> = {}) {
  const { logger, lines } = captureLogger();
  const settings = loadEnv({
    ERY_DB_PATH: join(world.dir, `ery-${++dbCount}.db`),
    ERY_BATCH_WINDOW_MS: '200',
    ERY_COOLDOWN_MS: '50',
    LLM_BASE_URL: world.llm.baseURL,
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
    target: { apiUrl: world.playground.apiUrl, token: world.playground.botToken },
  });
  world.running.push(ery);
  return { ery, lines };
}

const { users, channels } = DEMO_IDS;
const lastSeq = () => world.playground.events().at(-1)?.seq ?? 0;
const postedByEry = (after: number) => (event: PlaygroundEvent) =>
  event.type === 'message.created' && event.actorId === users.ery && event.seq > after;
const textOf = (event: PlaygroundEvent) => (event.type === 'message.created' ? event.message.content : '');

function mention(channelId: string, text: string) {
  return world.playground.postMessage({
    channelId,
    authorId: users.alice,
    content: `<@${users.ery}> ${text}`,
  });
}

describe('GIVEN a model that writes its tool call as text (vLLM with Qwen)', () => {
  test('WHEN Alice mentions Ery THEN the message in the <tool_call> text is posted and the thread is done', async () => {
    const { ery } = await startEry('qwen-text-calls');
    const since = lastSeq();
    world.llm.script(
      'qwen-text-calls',
      { choice: toolCallAsText('Hi Alice, here I am.') },
      { reply: { content: null } },
    );
    mention(channels.general, 'are you there?');
    const posted = await world.playground.waitFor(postedByEry(since), 10_000);
    expect(textOf(posted)).toBe('Hi Alice, here I am.');
    await threadEnded(ery, 'done');
  });
});

describe('GIVEN a model that answers a mention with nothing', () => {
  test('WHEN both replies are empty THEN it is nudged once, Alice gets the failure notice and the thread is failed', async () => {
    const { ery } = await startEry('empty-model');
    const since = lastSeq();
    world.llm.script('empty-model', { reply: { content: '' } }, { reply: { content: null } });
    const question = mention(channels.random, 'what time is it?');
    const notice = await world.playground.waitFor(postedByEry(since), 10_000);
    expect(notice.type === 'message.created' && notice.message.replyTo?.id).toBe(question.id);
    expect(textOf(notice)).toContain("couldn't answer");
    const row = await threadEnded(ery, 'failed');
    expect(row.error).toContain('THREAD_SILENT');
    const calls = world.llm.calls('empty-model');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body.messages.at(-1)).toEqual({ role: 'user', content: SILENCE_NUDGE });
    expect(world.playground.events().filter(postedByEry(since))).toHaveLength(1);
  });
});

describe('GIVEN OpenRouter-style errors in a 200 body', () => {
  const body502: ScriptStep = { json: OPENROUTER_502_BODY };

  test.each([
    ['a 200 body with error 502', 'body-502', body502],
    ['HTTP 502', 'http-502', { error: { status: 502 } } as ScriptStep],
  ])(
    'WHEN every call fails with %s and no fallback THEN two retries, then the notice',
    async (_what, model, step) => {
      const { ery } = await startEry(model);
      const since = lastSeq();
      world.llm.script(model, step, step, step);
      mention(channels.general, 'hello?');
      const notice = await world.playground.waitFor(postedByEry(since), 10_000);
      expect(textOf(notice)).toContain('not reachable');
      expect(world.llm.calls(model)).toHaveLength(3);
      expect((await threadEnded(ery, 'failed')).error).toContain('LLM_UNAVAILABLE');
    },
  );

  test('WHEN the primary keeps failing in the body and a fallback is configured THEN the fallback answers', async () => {
    const { ery } = await startEry('body-502-primary', { LLM_FALLBACK_MODELS: 'body-502-backup' });
    const since = lastSeq();
    world.llm.script('body-502-primary', body502, body502, body502);
    world.llm.script(
      'body-502-backup',
      { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'from the fallback' } }] } },
      { reply: { content: null } },
    );
    mention(channels.general, 'hello?');
    const posted = await world.playground.waitFor(postedByEry(since), 10_000);
    expect(textOf(posted)).toBe('from the fallback');
    expect(world.llm.calls('body-502-primary')).toHaveLength(3);
    await threadEnded(ery, 'done');
  });
});

describe('GIVEN content as a list of parts beside a valid tool call', () => {
  test('WHEN Alice mentions Ery THEN the call runs and its message is posted', async () => {
    const { ery } = await startEry('parts-model');
    const since = lastSeq();
    world.llm.script('parts-model', { choice: partsBesideToolCall('Hello!') }, { reply: { content: null } });
    mention(channels.general, 'say hello');
    expect(textOf(await world.playground.waitFor(postedByEry(since), 10_000))).toBe('Hello!');
    await threadEnded(ery, 'done');
  });
});

describe('GIVEN a model slower than ERY_THREAD_TIMEOUT_MS', () => {
  test('WHEN the machine stops the thread THEN Alice gets exactly one notice, the request is aborted and a warning is logged', async () => {
    const { ery, lines } = await startEry('slow-model', { ERY_THREAD_TIMEOUT_MS: '1000' });
    const since = lastSeq();
    world.llm.script('slow-model', { delayMs: 3_000 });
    const question = mention(channels.random, 'think hard');
    const notice = await world.playground.waitFor(postedByEry(since), 10_000);
    expect(notice.type === 'message.created' && notice.message.replyTo?.id).toBe(question.id);
    expect(textOf(notice)).toContain('longer than I am allowed');
    const row = await threadEnded(ery, 'timed_out');
    await waitUntil(() => world.llm.calls('slow-model')[0]?.aborted === true);
    const warning = lines.find((line) => line.event === 'thread.timed_out');
    expect(warning).toMatchObject({
      level: 40,
      channelId: channels.random,
      threadId: row.id,
      timeoutMs: 1000,
    });
    expect(warning?.deadline).toBe(row.startedAt + 1000);
    // The model was asked once; nothing else was posted.
    expect(world.llm.calls('slow-model')).toHaveLength(1);
    expect(world.playground.events().filter(postedByEry(since))).toHaveLength(1);
  });
});
