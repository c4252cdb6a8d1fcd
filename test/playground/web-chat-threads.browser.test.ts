/**
 * Threads in the web chat, in a real browser: a thread started over the playground appears live
 * under its parent channel, a member posts in it from the page, its archived state shows, and a
 * deleted thread leaves the list.
 */
import { describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import type { Playground } from '../../src/playground/index.ts';
import { DEMO_BANNER, useChatPage, WAIT } from '../support/chat-page.ts';

let pg: Playground;
let page: Page;
let pageErrors: string[] = [];

useChatPage({ banner: DEMO_BANNER }, (opened) => {
  ({ pg, page, pageErrors } = opened);
});

const names = () => page.locator('.channel .channel-name').allTextContents();

describe('web chat threads in chromium', () => {
  test('GIVEN a thread started in #general THEN it shows under #general, and Alice posts in it from the page', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.bob,
      name: 'release plan',
    });
    const row = page.locator(`.channel.thread[data-channel-id="${thread.id}"]`);
    await row.waitFor({ state: 'visible', ...WAIT });
    expect(await names()).toEqual(['general', 'release plan', 'random', 'mod-log', 'help']);
    await page.selectOption('#identity', pg.demo.users.alice);
    await row.click();
    await page.fill('#composer-input', 'posting in the thread');
    await page.press('#composer-input', 'Enter');
    await page
      .locator('.message .content', { hasText: 'posting in the thread' })
      .waitFor({ state: 'visible', ...WAIT });
    expect(pg.state.messages(thread.id).map((m) => [m.authorId, m.content])).toEqual([
      [pg.demo.users.alice, 'posting in the thread'],
    ]);
    expect(
      pg.state.messages(pg.demo.channels.general).some((m) => m.content === 'posting in the thread'),
    ).toBe(false);
  }, 20_000);

  test('GIVEN a forum post and an archived thread THEN the post sits under #help and the archived one says so', async () => {
    const post = pg.startThread({
      parentId: pg.demo.channels.help,
      actorId: pg.demo.users.alice,
      name: 'how to',
      content: 'first post',
    });
    await page
      .locator(`.channel.thread[data-channel-id="${post.id}"]`)
      .waitFor({ state: 'visible', ...WAIT });
    expect((await names()).slice(-2)).toEqual(['help', 'how to']);
    pg.updateThread({ threadId: post.id, actorId: pg.demo.users.alice, archived: true });
    const archived = page.locator(`.channel.thread.archived[data-channel-id="${post.id}"]`);
    await archived.waitFor({ state: 'visible', ...WAIT });
    expect(await archived.locator('.channel-state').textContent()).toBe(' (archived)');
  }, 20_000);

  test('GIVEN an open thread is deleted THEN it leaves the list and the page shows another channel', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.random,
      actorId: pg.demo.users.bob,
      name: 'short-lived',
    });
    const row = page.locator(`.channel[data-channel-id="${thread.id}"]`);
    await row.waitFor({ state: 'visible', ...WAIT });
    await row.click();
    pg.deleteThread({ threadId: thread.id, actorId: pg.demo.users.owner });
    await row.waitFor({ state: 'detached', ...WAIT });
    expect(await page.locator('.channel.active').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  }, 20_000);
});
