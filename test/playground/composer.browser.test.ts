/**
 * The chat page's composer in a real browser (test/support/chromium.ts): mentions made as on
 * Discord (typed in full or picked from the list `@` opens), Ery's id on its profile card, and
 * "Ery is typing…" under the box while Ery types.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import type { Playground } from '../../src/playground/index.ts';
import { useChatPage, WAIT } from '../support/chat-page.ts';
import { api } from './helpers.ts';

let pg: Playground;
let page: Page;
let pageErrors: string[] = [];

useChatPage({}, async (opened) => {
  ({ pg, page, pageErrors } = opened);
  await page.selectOption('#identity', pg.demo.users.alice);
  await page.click('.channel[data-channel-name="general"]');
});

/** Waits until Alice's newest message in #general is not `after`, and returns its stored content. */
async function nextFromAlice(after: string | undefined): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const last = pg.state
      .messages(pg.demo.channels.general)
      .findLast((m) => m.authorId === pg.demo.users.alice);
    if (last && last.id !== after) return last.content;
    await Bun.sleep(25);
  }
  throw new Error('Alice posted nothing');
}

const lastAliceId = () =>
  pg.state.messages(pg.demo.channels.general).findLast((m) => m.authorId === pg.demo.users.alice)?.id;

/** What the list offers after the members in the demo server: its one pingable role, then @everyone and @here. */
const ROLES_AND_EVERYONE = ['Moderator', 'everyone', 'here'];

const options = () => page.locator('#mention-list .mention-option .mention-label').allTextContents();

describe('composer mentions in chromium', () => {
  test('GIVEN Alice types "@Ery hello" and presses Enter THEN the playground stores a real mention of Ery', async () => {
    const before = lastAliceId();
    await page.click('#composer-input');
    await page.keyboard.type('@Ery hello');
    await page.keyboard.press('Enter');
    expect(await nextFromAlice(before)).toBe(`<@${pg.botUserId}> hello`);
    const row = page.locator('.message', { has: page.locator('.content', { hasText: 'hello' }) }).last();
    await row.locator('.mention').waitFor(WAIT);
    expect(await row.locator('.mention').textContent()).toBe('@Ery');
    expect(await page.inputValue('#composer-input')).toBe('');
  }, 20_000);

  test('GIVEN "@" THEN the list offers the members who can see the channel and the pingable roles, filtered as she types', async () => {
    await page.click('#composer-input');
    await page.keyboard.type('@');
    await page.locator('#mention-list').waitFor({ state: 'visible', ...WAIT });
    expect(await options()).toEqual([
      'Alice',
      'Bob',
      'Ery',
      'Max (moderator)',
      'Olivia (owner)',
      ...ROLES_AND_EVERYONE,
    ]);
    await page.keyboard.type('mo');
    // A name that starts with the query first, then one with a word that does.
    expect(await options()).toEqual(['Moderator', 'Max (moderator)']);
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#mention-list')).toBe(true);
    expect(await page.inputValue('#composer-input')).toBe('@mo');
    await page.fill('#composer-input', '');
  }, 20_000);

  test('GIVEN the list WHEN she moves with the arrows and picks with Enter, then with Tab THEN the box reads @Name and the mentions are real', async () => {
    const before = lastAliceId();
    await page.click('#composer-input');
    await page.keyboard.type('thanks @b');
    expect(await options()).toEqual(['Bob']);
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#composer-input')).toBe('thanks @Bob ');
    await page.keyboard.type('and @');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('.mention-option.selected .mention-label').textContent()).toBe('Bob');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    expect(await page.inputValue('#composer-input')).toBe('thanks @Bob and @Alice ');
    await page.keyboard.press('Enter');
    expect(await nextFromAlice(before)).toBe(`thanks <@${pg.demo.users.bob}> and <@${pg.demo.users.alice}>`);
  }, 20_000);

  test('GIVEN the list WHEN she clicks a role THEN a role mention is sent; @everyone stays as typed', async () => {
    const before = lastAliceId();
    await page.click('#composer-input');
    await page.keyboard.type('@moder');
    await page.locator('.mention-option[data-kind="role"]').click();
    await page.keyboard.type('and @everyone');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    expect(await nextFromAlice(before)).toBe(`<@&${pg.demo.roles.moderator}> and @everyone`);
  }, 20_000);

  test('GIVEN #mod-log, which Alice cannot see THEN the list offers only the members who can', async () => {
    await page.selectOption('#identity', pg.demo.users.moderator);
    await page.click('.channel[data-channel-name="mod-log"]');
    await page.click('#composer-input');
    await page.keyboard.type('@');
    expect(await options()).toEqual(['Ery', 'Max (moderator)', 'Olivia (owner)', ...ROLES_AND_EVERYONE]);
    await page.keyboard.press('Escape');
    await page.fill('#composer-input', '');
    await page.selectOption('#identity', pg.demo.users.alice);
    await page.click('.channel[data-channel-name="general"]');
  }, 20_000);

  test("GIVEN the member list WHEN she clicks Ery THEN its profile card shows Ery's user id, and Mention writes @Ery", async () => {
    await page.click(`.member[data-user-id="${pg.botUserId}"]`);
    await page.locator('#profile').waitFor({ state: 'visible', ...WAIT });
    expect(await page.textContent('#profile .profile-id')).toBe(pg.botUserId);
    expect(await page.textContent('#profile .profile-name')).toBe('EryBOT');
    await page.click('#profile .copy-id');
    await page.locator('#profile .copied').filter({ hasText: /./ }).waitFor(WAIT);
    const before = lastAliceId();
    await page.click('#profile .profile-mention');
    expect(await page.isHidden('#profile')).toBe(true);
    await page.keyboard.type('hi');
    expect(await page.inputValue('#composer-input')).toBe('@Ery hi');
    await page.keyboard.press('Enter');
    expect(await nextFromAlice(before)).toBe(`<@${pg.botUserId}> hi`);
  }, 20_000);
});

/** Gives `userId` the server nickname `nick` (null drops it), as the owner, and waits until the page shows it. */
async function setNick(userId: string, nick: string | null): Promise<void> {
  const res = await api(pg, 'PATCH', `/guilds/${pg.demo.guildId}/members/${userId}`, {
    token: pg.tokenFor(pg.demo.users.owner),
    body: { nick },
  });
  expect(res.status).toBe(200);
  const shown = nick ?? (userId === pg.demo.users.bob ? 'Bob' : 'Olivia (owner)');
  await page.locator(`.member[data-user-id="${userId}"]`, { hasText: shown }).waitFor(WAIT);
}

describe('composer picks in chromium', () => {
  afterAll(async () => {
    await setNick(pg.demo.users.bob, null);
    await setNick(pg.demo.users.owner, null);
  });

  test('GIVEN Bob is nicknamed "Alice" WHEN she picks each Alice from the list THEN each gets its own mention, told apart by username', async () => {
    await setNick(pg.demo.users.bob, 'Alice');
    const before = lastAliceId();
    await page.click('#composer-input');
    await page.keyboard.type('@Ali');
    expect(await options()).toEqual(['Alice', 'Alice']);
    expect(await page.locator('#mention-list .mention-sub').allTextContents()).toEqual(['alice', 'bob']);
    await page.locator(`.mention-option[data-id="${pg.demo.users.bob}"]`).click();
    await page.keyboard.type('and @Ali');
    await page.locator(`.mention-option[data-id="${pg.demo.users.alice}"]`).click();
    expect(await page.inputValue('#composer-input')).toBe('@Alice and @Alice ');
    await page.keyboard.press('Enter');
    expect(await nextFromAlice(before)).toBe(`<@${pg.demo.users.bob}> and <@${pg.demo.users.alice}>`);
    await setNick(pg.demo.users.bob, null);
  }, 20_000);

  test('GIVEN Olivia is nicknamed "Bob Smith" WHEN she picks Bob and types "Smith is late" THEN Bob is mentioned and the list stays shut', async () => {
    await setNick(pg.demo.users.owner, 'Bob Smith');
    const before = lastAliceId();
    await page.click('#composer-input');
    await page.keyboard.type('@Bo');
    expect(await options()).toEqual(['Bob', 'Bob Smith']);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Smith is late');
    expect(await page.isHidden('#mention-list')).toBe(true);
    await page.keyboard.press('Enter');
    expect(await nextFromAlice(before)).toBe(`<@${pg.demo.users.bob}> Smith is late`);
  }, 20_000);
});

describe('typing indicator in chromium', () => {
  test('GIVEN Ery calls the typing route THEN the page shows "Ery is typing…" until its message arrives', async () => {
    const typing = await api(pg, 'POST', `/channels/${pg.demo.channels.general}/typing`);
    expect(typing.status).toBe(204);
    await page.locator('#typing', { hasText: 'Ery is typing…' }).waitFor(WAIT);
    const bob = await api(pg, 'POST', `/channels/${pg.demo.channels.general}/typing`, {
      token: pg.tokenFor(pg.demo.users.bob),
    });
    expect(bob.status).toBe(204);
    await page.locator('#typing', { hasText: 'Ery and Bob are typing…' }).waitFor(WAIT);
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.botUserId, content: 'here I am' });
    await page.locator('#typing', { hasText: /^Bob is typing…$/ }).waitFor(WAIT);
  }, 20_000);

  test('GIVEN someone types in another channel or Alice herself types THEN #general shows nobody typing', async () => {
    pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: 'done typing',
    });
    await page.locator('#typing', { hasText: /^$/ }).waitFor(WAIT);
    await api(pg, 'POST', `/channels/${pg.demo.channels.random}/typing`);
    await api(pg, 'POST', `/channels/${pg.demo.channels.general}/typing`, {
      token: pg.tokenFor(pg.demo.users.alice),
    });
    // The stream keeps order: once this message shows, both typing events have reached the page.
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.bob, content: 'marker' });
    await page.locator('.message .content', { hasText: 'marker' }).waitFor(WAIT);
    expect(await page.textContent('#typing')).toBe('');
    await page.click('.channel[data-channel-name="random"]');
    expect(await page.textContent('#typing')).toBe('Ery is typing…');
    await page.click('.channel[data-channel-name="general"]');
  }, 20_000);

  test('GIVEN all of the above THEN the page threw no error', () => {
    expect(pageErrors).toEqual([]);
  });
});
