/**
 * The web chat in a real browser (Chromium from test/support/chromium.ts through playwright-core, never a downloaded
 * one): speak as Alice in #general, see Ery's answer arrive live, reply and react from the page,
 * watch a ban appear as a system line, and see refusals and hostile content handled.
 */
import { describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import type { Playground } from '../../src/playground/index.ts';
import { DEMO_BANNER, useChatPage, WAIT } from '../support/chat-page.ts';
import { api } from './helpers.ts';

let pg: Playground;
let page: Page;
let pageErrors: string[] = [];

useChatPage({ banner: DEMO_BANNER }, (opened) => {
  ({ pg, page, pageErrors } = opened);
});

/** The row of the message whose text contains `text`. */
const messageWith = (text: string) =>
  page.locator('.message', { has: page.locator('.content', { hasText: text }) });

/** The newest message in `channelId` by `authorId` with exactly `content`. */
function stored(channelId: string, authorId: string, content: string) {
  return pg.state.messages(channelId).find((m) => m.authorId === authorId && m.content === content);
}

describe('web chat in chromium', () => {
  test('GIVEN the page THEN it shows the server, its channels, the banner and the people one can be', async () => {
    expect(await page.textContent('#guild-name')).toBe('Ery Playground');
    expect(await page.locator('.channel .channel-name').allTextContents()).toEqual([
      'general',
      'random',
      'mod-log',
      'help',
    ]);
    expect(await page.textContent('#banner')).toBe(DEMO_BANNER);
    expect(await page.locator('#identity option').allTextContents()).toEqual([
      'Olivia (owner)',
      'Max (moderator)',
      'Alice',
      'Bob',
    ]);
  }, 20_000);

  test('GIVEN Alice in #general WHEN she sends a message THEN it shows in the page and is in the playground as hers', async () => {
    await page.selectOption('#identity', pg.demo.users.alice);
    await page.click('.channel[data-channel-name="general"]');
    expect(await page.getAttribute('#composer-input', 'placeholder')).toBe('Message #general as Alice');
    await page.fill('#composer-input', 'Hello Ery, what can you do?');
    await page.press('#composer-input', 'Enter');
    const row = messageWith('Hello Ery, what can you do?');
    await row.waitFor({ state: 'visible', ...WAIT });
    expect(await row.getAttribute('data-author-id')).toBe(pg.demo.users.alice);
    expect(
      stored(pg.demo.channels.general, pg.demo.users.alice, 'Hello Ery, what can you do?'),
    ).toBeDefined();
    expect(await page.inputValue('#composer-input')).toBe('');
  }, 20_000);

  test('GIVEN Alice asked WHEN Ery answers as the bot THEN the answer appears live with the bot badge, the reply preview and the mention highlighted', async () => {
    const question = stored(pg.demo.channels.general, pg.demo.users.alice, 'Hello Ery, what can you do?');
    if (!question) throw new Error('the previous test did not post the question');
    const answer = pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.botUserId,
      content: `Hi <@${pg.demo.users.alice}>! I can **chat**, react and moderate.`,
      replyToId: question.id,
    });
    const row = page.locator(`.message[data-message-id="${answer.id}"]`);
    await row.waitFor({ state: 'visible', ...WAIT });
    expect(await row.locator('.bot-badge').textContent()).toBe('BOT');
    expect(await row.locator('.author').textContent()).toBe('Ery');
    expect(await row.locator('.reply-preview').textContent()).toContain('Hello Ery, what can you do?');
    expect(await row.locator('.mention').textContent()).toBe('@Alice');
    expect(await row.locator('.content strong').textContent()).toBe('chat');
    expect(await row.getAttribute('class')).toContain('mentioned');
  }, 20_000);

  test('GIVEN a Discord timestamp in a message (as /ery budget writes) THEN the page shows a time, not the markup', async () => {
    const at = Date.parse('2026-12-07T00:00:00Z') / 1000;
    const message = pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: `refills <t:${at}:D> (<t:${at}:R>)`,
    });
    const row = page.locator(`.message[data-message-id="${message.id}"]`);
    await row.waitFor({ state: 'visible', ...WAIT });
    const text = (await row.locator('.content').textContent()) ?? '';
    expect(text).not.toContain('<t:');
    expect(text).toMatch(/2026/);
    expect(await row.locator('.content time').first().getAttribute('datetime')).toBe(
      '2026-12-07T00:00:00.000Z',
    );
    // Past what a date can hold there is no time: the markup stays as written, and the page goes on.
    const far = pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: 'far <t:9999999999999:R>',
    });
    const farRow = page.locator(`.message[data-message-id="${far.id}"]`);
    await farRow.waitFor({ state: 'visible', ...WAIT });
    expect(await farRow.locator('.content').textContent()).toBe('far <t:9999999999999:R>');
  }, 20_000);

  test("GIVEN Ery's answer WHEN Alice replies and reacts from the page THEN the playground has both", async () => {
    const answer = pg.state.messages(pg.demo.channels.general).findLast((m) => m.authorId === pg.botUserId);
    if (!answer) throw new Error('the previous test did not post the answer');
    const row = page.locator(`.message[data-message-id="${answer.id}"]`);
    await row.hover();
    await row.locator('.palette button', { hasText: '👍' }).click();
    await row.locator('.reaction.mine').waitFor({ state: 'visible', ...WAIT });
    expect(await row.locator('.reaction.mine .count').textContent()).toBe('1');
    expect(pg.state.message(answer.id)?.reactions[0]?.userIds).toEqual([pg.demo.users.alice]);

    await row.hover();
    await row.locator('.reply-button').click();
    expect(await page.textContent('#reply-bar')).toContain('Replying to Ery');
    await page.fill('#composer-input', 'Thanks!');
    await page.press('#composer-input', 'Enter');
    const reply = messageWith('Thanks!');
    await reply.waitFor({ state: 'visible', ...WAIT });
    expect(await reply.locator('.reply-preview .reply-author').textContent()).toBe('Ery');
    expect(stored(pg.demo.channels.general, pg.demo.users.alice, 'Thanks!')?.referencedMessageId).toBe(
      answer.id,
    );
    await page.locator('#reply-bar').waitFor({ state: 'hidden', ...WAIT });
  }, 20_000);

  test('GIVEN hostile markup in a message THEN the page shows it as text and runs nothing', async () => {
    const content = '<img src=x onerror="window.__pwned = 1"> <b>not bold</b>';
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.bob, content });
    const row = messageWith('<b>not bold</b>');
    await row.waitFor({ state: 'visible', ...WAIT });
    expect(await row.locator('.content').textContent()).toBe(content);
    expect(await row.locator('.content img, .content b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }, 20_000);

  test('GIVEN Alice in #mod-log, which she cannot see WHEN she sends THEN the page shows why and nothing is posted', async () => {
    await page.click('.channel[data-channel-name="mod-log"]');
    await page.fill('#composer-input', 'can I peek?');
    await page.press('#composer-input', 'Enter');
    await page.locator('#composer-error').waitFor({ state: 'visible', ...WAIT });
    expect(await page.textContent('#composer-error')).toBe(
      'Alice cannot see #mod-log. Pick another channel or person.',
    );
    expect(stored(pg.demo.channels.modLog, pg.demo.users.alice, 'can I peek?')).toBeUndefined();
    await page.fill('#composer-input', '');
    await page.click('.channel[data-channel-name="general"]');
  }, 20_000);

  test('GIVEN the bot bans Bob over REST THEN a system line says so live and Bob leaves the member list', async () => {
    expect(await page.locator(`.member[data-user-id="${pg.demo.users.bob}"]`).count()).toBe(1);
    const ban = await api(pg, 'PUT', `/guilds/${pg.demo.guildId}/bans/${pg.demo.users.bob}`, {
      body: {},
      reason: 'posting markup',
    });
    expect(ban.status).toBe(204);
    const line = page.locator('.system-line[data-kind="ban"]');
    await line.waitFor({ state: 'visible', ...WAIT });
    expect(await line.textContent()).toContain('Ery banned Bob — posting markup');
    await page
      .locator(`.member[data-user-id="${pg.demo.users.bob}"]`)
      .waitFor({ state: 'detached', ...WAIT });
    expect(await page.locator('#identity option').allTextContents()).not.toContain('Bob');
  }, 20_000);

  test('GIVEN the whole session THEN the page threw nothing, and it looks right (screenshot in /tmp/web-chat.png)', async () => {
    await page.screenshot({ path: '/tmp/web-chat.png' });
    expect(pageErrors).toEqual([]);
  }, 20_000);
});
