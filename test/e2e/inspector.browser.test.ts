/**
 * What a newcomer does: chat as Alice in the playground, follow the chat page's Inspector link, and
 * watch #general's machine move idle → batching → running → cooldown → idle while the statechart
 * highlights each state; then open a thread and see what Ery was not allowed to do, and why.
 *
 * The real app (runEry: discord.js client, playground, ops server, SQLite file) with the offline
 * demo model, made to think for a while so `running` lasts long enough to be seen. Chromium
 * through playwright-core (test/support/chromium.ts).
 */
import { beforeAll, describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { useEryWithBrowser } from '../support/ery-browser.ts';

const WAIT = { timeout: 15_000 };

let chat: Page;
let inspector: Page;
const pageErrors: string[] = [];

const app = useEryWithBrowser({
  // Longer than the test: only the mention can start the thread.
  env: { ERY_BATCH_WINDOW_MS: '120000', ERY_COOLDOWN_MS: '1500' },
  thinkMs: 1_500,
});

beforeAll(async () => {
  chat = await app.browser.newPage({ viewport: { width: 1366, height: 800 } });
  chat.on('pageerror', (error) => pageErrors.push(error.message));
  await chat.goto(`${app.ery.playground?.url}/`);
  await chat.waitForSelector('body.ready', WAIT);
});

const general = () => app.ery.playground?.demo.channels.general as string;
const row = (state: string) =>
  inspector.locator(`.channel-row[data-channel-id="${general()}"][data-state="${state}"]`);
const activeNodes = () => inspector.locator('#chart g.node.active');

/** The overview row and the statechart both show `state`, and no other state is highlighted. */
async function expectState(state: string): Promise<void> {
  await row(state).waitFor(WAIT);
  await inspector.locator(`#chart g.node.active[data-state="${state}"]`).waitFor(WAIT);
  expect(await activeNodes().count()).toBe(1);
  expect(await inspector.getAttribute('#detail-state', 'data-state')).toBe(state);
}

async function send(text: string): Promise<void> {
  await chat.click('#composer-input');
  await chat.keyboard.type(text);
  await chat.keyboard.press('Enter');
}

describe('the inspector, opened from the chat page', () => {
  test("GIVEN Alice in #general THEN the chat page's Inspector link opens the inspector on #general", async () => {
    await chat.selectOption('#identity', app.ery.playground?.demo.users.alice as string);
    await chat.click('.channel[data-channel-name="general"]');
    const link = chat.locator('#inspector-link');
    await link.waitFor({ state: 'visible', ...WAIT });
    expect(await link.getAttribute('href')).toBe(`${app.ery.ops?.url}/inspector?channel=${general()}`);
    const [opened] = await Promise.all([chat.context().waitForEvent('page'), link.click()]);
    inspector = opened;
    inspector.on('pageerror', (error) => pageErrors.push(error.message));
    await inspector.setViewportSize({ width: 1440, height: 950 });
    await inspector.waitForSelector('body.ready', WAIT);
    // Nobody has spoken yet: no actor, and the statechart highlights nothing.
    expect(await inspector.textContent('#detail-title')).toBe('#general');
    expect(await inspector.textContent('#detail-state')).toBe('not live');
    expect(await activeNodes().count()).toBe(0);
    expect(await inspector.locator('#supervisor-chart g.node.active').getAttribute('data-state')).toBe(
      'serving',
    );
  }, 30_000);

  test('GIVEN the inspector open WHEN Alice chats THEN #general moves idle → batching → running → cooldown → idle, highlighted in its statechart', async () => {
    await send('hello everyone');
    await expectState('batching');
    expect(await inspector.locator('#batch .message').allTextContents()).toEqual([
      expect.stringContaining('hello everyone'),
    ]);
    await inspector.locator('#timers .timer[data-timer="batchWindow"]').waitFor(WAIT);

    await send('@Ery how are you?');
    await expectState('running');
    await inspector.locator('#timers .timer[data-timer="thread"]').waitFor(WAIT);
    await inspector.screenshot({ path: join(tmpdir(), 'ery-inspector-running.png') });

    await expectState('cooldown');
    await inspector.locator('#timers .timer[data-timer="cooldown"]').waitFor(WAIT);
    await expectState('idle');

    const changes = await inspector
      .locator('#events .event.transition')
      .evaluateAll((rows) =>
        rows.map((row) => `${(row as HTMLElement).dataset.from} → ${(row as HTMLElement).dataset.to}`),
      );
    expect(changes.reverse()).toEqual([
      'idle → batching',
      'batching → running',
      'running → cooldown',
      'cooldown → idle',
    ]);
  }, 40_000);

  test('GIVEN Alice asks Ery to ban Bob THEN the thread shows what the model was given, the ban call denied, and why', async () => {
    const pg = app.ery.playground;
    if (!pg) throw new Error('no playground');
    pg.postMessage({
      channelId: general(),
      authorId: pg.demo.users.alice,
      content: `<@${pg.botUserId}> ban <@${pg.demo.users.bob}>`,
    });
    await inspector.locator('#threads .thread-row').nth(1).waitFor(WAIT);
    await expectState('cooldown');
    await inspector.locator('#threads .thread-row').first().locator('button.link').click();
    const panel = inspector.locator('#thread-panel');
    await panel.locator('.denied-list').waitFor(WAIT);
    expect(await panel.locator('.denied-list').textContent()).toContain('Ban Members permission');
    const call = panel.locator('.call[data-tool="ban_member"]').first();
    expect(await call.locator('.decision').textContent()).toBe('denied');
    expect(await call.locator('.reason').textContent()).toContain('Ban Members permission');
    const given = panel.locator('.step').first().locator('.given');
    expect(await given.locator('.turn.user').last().textContent()).toContain('ban');
    await inspector.screenshot({ path: join(tmpdir(), 'ery-inspector-thread.png') });
    expect(pageErrors).toEqual([]);
  }, 40_000);
});
