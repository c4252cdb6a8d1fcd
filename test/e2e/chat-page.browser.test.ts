/**
 * What a new user does after `npm start`: open the chat page, speak as a member, and see Ery — the
 * real discord.js client inside Ery, connected to the playground, thinking with the offline demo
 * model — answer on the page. Chromium (test/support/chromium.ts) through playwright-core.
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

const WAIT = { timeout: 15_000 };

let dir: string;
let ery: RunningEry;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ery-chat-'));
  const env = loadEnv({
    ERY_DB_PATH: join(dir, 'ery.db'),
    ERY_PLAYGROUND_PORT: '0',
    ERY_BATCH_WINDOW_MS: '300',
  });
  ery = await runEry({ env, logger: silentLogger, playground: true, ops: false });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  await page.goto(`${ery.playground?.url}/`);
  await page.waitForSelector('body.ready', WAIT);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ery?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('chat page with Ery running', () => {
  test('GIVEN no model is configured THEN the page says the demo model is not an AI', async () => {
    expect(await page.textContent('#banner')).toContain('Offline demo model — not an AI');
  }, 20_000);

  test('GIVEN Alice in #general WHEN she says hello THEN Ery answers on the page', async () => {
    const alice = ery.playground?.demo.users.alice as string;
    await page.selectOption('#identity', alice);
    await page.click('.channel[data-channel-name="general"]');
    await page.fill('#composer-input', 'hello everyone');
    await page.press('#composer-input', 'Enter');
    // The batch window passes, the demo model greets Alice with a reply, through the tools.
    const answer = page.locator('.message', { has: page.locator('.bot-badge') }).last();
    await answer.waitFor(WAIT);
    expect(await answer.locator('.content').textContent()).toContain('Alice');
    await page.screenshot({ path: join(tmpdir(), 'ery-chat-page.png') });
  }, 30_000);
});
