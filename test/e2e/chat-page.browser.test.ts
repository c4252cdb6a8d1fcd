/**
 * What a new user does after `npm start`: open the chat page, speak as a member, and see Ery — the
 * real discord.js client inside Ery, connected to the playground — answer on the page. First with
 * the offline demo model, then with a scripted slow model (test/support/openai-server.ts) to watch
 * "Ery is typing…" while the thread runs. Chromium (test/support/chromium.ts) through playwright-core.
 *
 * The batch window is a minute in both: an answer that comes before it closes can only come from a
 * real mention, which starts the thread at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { launchChromium } from '../support/chromium.ts';
import { type OpenAIServer, startOpenAIServer } from '../support/openai-server.ts';

const WAIT = { timeout: 15_000 };
/** Longer than any wait here: only a real mention can explain an answer. */
const BATCH_WINDOW_MS = '60000';

let dir: string;
let browser: Browser;
let page: Page;
let llm: OpenAIServer;
const running: RunningEry[] = [];

async function start(name: string, model?: Record<string, string>): Promise<RunningEry> {
  const env = loadEnv({
    ERY_DB_PATH: join(dir, `${name}.db`),
    ERY_PLAYGROUND_PORT: '0',
    ERY_BATCH_WINDOW_MS: BATCH_WINDOW_MS,
    ...model,
  });
  const ery = await runEry({ env, logger: silentLogger, playground: true, ops: false });
  running.push(ery);
  await page.goto(`${ery.playground?.url}/`);
  await page.waitForSelector('body.ready', WAIT);
  return ery;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ery-chat-'));
  llm = startOpenAIServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const ery of running) await ery.stop();
  await llm?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The newest message on the page with the bot badge. */
const lastAnswer = () => page.locator('.message', { has: page.locator('.bot-badge') }).last();

async function speakAsAliceInGeneral(ery: RunningEry): Promise<void> {
  await page.selectOption('#identity', ery.playground?.demo.users.alice as string);
  await page.click('.channel[data-channel-name="general"]');
}

describe('chat page with Ery running the demo model', () => {
  let ery: RunningEry;
  beforeAll(async () => {
    ery = await start('demo');
  }, 60_000);

  test('GIVEN no model is configured THEN the page says the demo model is not an AI', async () => {
    expect(await page.textContent('#banner')).toContain('Offline demo model — not an AI');
  }, 20_000);

  test('GIVEN a minute-long batch window WHEN Alice types "@Ery hello" THEN it is a real mention and Ery answers at once', async () => {
    await speakAsAliceInGeneral(ery);
    await page.click('#composer-input');
    await page.keyboard.type('@Ery hello');
    await page.keyboard.press('Enter');
    const pg = ery.playground;
    if (!pg) throw new Error('no playground');
    // The demo model thinks about a mention for a moment, so a newcomer sees the sign of life.
    await page.locator('#typing', { hasText: 'Ery is typing…' }).waitFor(WAIT);
    const answer = lastAnswer();
    await answer.waitFor(WAIT);
    expect(await answer.locator('.content').textContent()).toContain('Alice');
    const sent = pg.state
      .messages(pg.demo.channels.general)
      .findLast((m) => m.authorId === pg.demo.users.alice);
    expect(sent?.content).toBe(`<@${pg.botUserId}> hello`);
    // Ery showed it was working before it answered.
    const typing = pg.events().find((e) => e.type === 'typing.started' && e.actorId === pg.botUserId);
    expect(typing?.channelId).toBe(pg.demo.channels.general);
    await page.screenshot({ path: join(tmpdir(), 'ery-chat-page.png') });
  }, 30_000);

  test('GIVEN a welcome template in the policy WHEN someone joins from the member list THEN the page shows them, their join line, and Ery’s welcome', async () => {
    const pg = ery.playground;
    if (!pg) throw new Error('no playground');
    ery.core.policies.set(pg.demo.guildId, {
      welcome: {
        enabled: true,
        channelId: pg.demo.channels.general,
        template: 'Welcome to {server}, {user}!',
        raid: { holdMs: 0 },
      },
    });
    await speakAsAliceInGeneral(ery);
    await page.fill('.join-form .join-name', 'Zoe');
    await page.click('.join-form .join-submit');
    await page.locator('#member-list .member', { hasText: 'Zoe' }).waitFor(WAIT);
    await page.locator('.system-line.kind-join', { hasText: 'Zoe joined the server.' }).waitFor(WAIT);
    const welcome = lastAnswer().locator('.content', { hasText: 'Welcome to Ery Playground' });
    await welcome.waitFor(WAIT);
    expect(await welcome.locator('.mention').textContent()).toBe('@Zoe');
    expect(await page.inputValue('.join-form .join-name')).toBe('');
    // A name that is only spaces is refused on the form, and nobody joins.
    const members = await page.locator('#member-list .member').count();
    await page.fill('.join-form .join-name', '   ');
    await page.click('.join-form .join-submit');
    await page.locator('.join-form .join-error', { hasText: 'Type a name' }).waitFor(WAIT);
    expect(await page.locator('#member-list .member').count()).toBe(members);
  }, 30_000);
});

describe('chat page guarded like the ops server', () => {
  test('GIVEN a request from another site, or through a rebound name THEN the page’s writes are refused (403) and nothing happens; uploads are served sandboxed', async () => {
    const ery = running[0];
    const pg = ery?.playground;
    if (!pg) throw new Error('no playground');
    const body = JSON.stringify({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.owner,
      content: 'posted by another site',
    });
    const before = pg.state.messages(pg.demo.channels.general).length;
    const post = (headers: Record<string, string>) =>
      fetch(`${pg.url}/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...headers },
        body,
      });
    const crossSite = await post({ origin: 'http://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: string }).error).toContain('cross-site POST refused');
    const rebound = await post({ host: 'evil.example' });
    expect(rebound.status).toBe(403);
    expect(pg.state.messages(pg.demo.channels.general).length).toBe(before);
    // The page itself (same origin) still posts.
    expect((await post({ origin: pg.url })).status).toBe(201);

    const file = pg.uploadAttachment({
      channelId: pg.demo.channels.general,
      filename: 'x.html',
      contentType: 'text/html',
      bytes: new TextEncoder().encode('<script>alert(1)</script>'),
    });
    const served = await fetch(file.url);
    expect(served.headers.get('content-security-policy')).toBe('sandbox');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('chat page with Ery running a slow model', () => {
  let ery: RunningEry;
  beforeAll(async () => {
    ery = await start('slow', { LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'test', LLM_MODEL: 'slow' });
  }, 60_000);

  test('GIVEN Ery is thinking about a mention THEN the page shows "Ery is typing…" until its answer arrives', async () => {
    llm.script(
      'slow',
      {
        delayMs: 2_000,
        after: {
          reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'Thought about it: yes.' } }] },
        },
      },
      { reply: { content: null } },
    );
    await speakAsAliceInGeneral(ery);
    await page.fill('#composer-input', '@Ery can you think slowly?');
    await page.press('#composer-input', 'Enter');
    await page.locator('#typing', { hasText: 'Ery is typing…' }).waitFor(WAIT);
    // The model has not answered yet: the indicator is up while the thread runs.
    expect(await page.locator('.message', { has: page.locator('.bot-badge') }).count()).toBe(0);
    await lastAnswer().locator('.content', { hasText: 'Thought about it: yes.' }).waitFor(WAIT);
    await page.locator('#typing', { hasText: /^$/ }).waitFor(WAIT);
  }, 30_000);
});
