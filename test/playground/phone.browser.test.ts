/**
 * The chat page at phone width (issue 7: at 420 px the sidebar did not collapse and the message box
 * was off screen), in a real browser (test/support/chromium.ts). Screenshots land in the temp folder.
 */
import { describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Playground } from '../../src/playground/index.ts';
import { DEMO_BANNER, useChatPage, WAIT } from '../support/chat-page.ts';

let pg: Playground;
let page: Page;
let pageErrors: string[] = [];

useChatPage({ banner: DEMO_BANNER, viewport: { width: 420, height: 800 } }, (opened) => {
  ({ pg, page, pageErrors } = opened);
  // Enough rows that the list must scroll, and one long word that must not widen the page.
  for (let i = 0; i < 30; i += 1) {
    pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: i % 2 === 0 ? pg.demo.users.bob : pg.demo.users.owner,
      content:
        i === 5
          ? `a long word ${'x'.repeat(120)} and a link https://example.com/${'y'.repeat(80)}`
          : `row ${i}`,
    });
  }
});

/** The element's box, asserted to lie inside the viewport. */
async function expectInView(selector: string, width: number, height: number) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not rendered`);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  expect(box.y + box.height).toBeLessThanOrEqual(height);
}

/**
 * The page's width against the window's, and the right edge of the widest element: the body clips
 * its overflow, so scrollWidth alone would not see a row or a box that runs off the screen.
 */
const overflow = () =>
  page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    widest: Math.max(
      ...[...document.querySelectorAll('body *')].map((el) => el.getBoundingClientRect().right),
    ),
  }));

async function expectNoSidewaysOverflow() {
  const { scroll, inner, widest } = await overflow();
  expect(scroll).toBeLessThanOrEqual(inner);
  expect(widest).toBeLessThanOrEqual(inner);
}

for (const [width, height] of [
  [420, 800],
  [375, 667],
] as const) {
  describe(`GIVEN a phone ${width}×${height}`, () => {
    test('THEN the composer is in view at the bottom, the sidebar is collapsed and nothing overflows sideways', async () => {
      await page.setViewportSize({ width, height });
      await page.goto(`${pg.url}/`);
      await page.waitForSelector('body.ready', WAIT);
      await expectInView('#composer-input', width, height);
      await expectInView('.send', width, height);
      expect(await page.isHidden('#channel-list')).toBe(true);
      expect(await page.isHidden('#member-list')).toBe(true);
      expect(await page.isVisible('#menu-button')).toBe(true);
      await expectNoSidewaysOverflow();
      // The rows scroll inside the list, the newest at the bottom.
      const list = await page.$eval('#messages', (el) => ({
        scrollHeight: el.scrollHeight,
        clientHeight: el.clientHeight,
      }));
      expect(list.scrollHeight).toBeGreaterThan(list.clientHeight);
      await page.locator('.message .content', { hasText: 'row 29' }).waitFor({ state: 'visible', ...WAIT });
      await page.screenshot({ path: join(tmpdir(), `ery-chat-${width}.png`) });
    }, 20_000);

    test('WHEN the menu opens the channel list THEN she can switch to #random, the list closes, and she can send there', async () => {
      await page.click('#menu-button');
      await page.locator('#channel-list').waitFor({ state: 'visible', ...WAIT });
      await page.screenshot({ path: join(tmpdir(), `ery-chat-${width}-menu.png`) });
      // The "You are" picker is in the drawer too.
      await page.selectOption('#identity', pg.demo.users.alice);
      await page.click('.channel[data-channel-name="random"]');
      expect(await page.isHidden('#channel-list')).toBe(true);
      expect(await page.textContent('#channel-title')).toBe('random');
      const content = `hello from a ${width} px phone`;
      await page.fill('#composer-input', content);
      await page.click('.send');
      await page.locator('.message .content', { hasText: content }).waitFor(WAIT);
      const stored = pg.state.messages(pg.demo.channels.random).at(-1);
      expect(stored).toMatchObject({ authorId: pg.demo.users.alice, content });
      expect(await page.inputValue('#composer-input')).toBe('');
      await expectInView('#composer-input', width, height);
      await expectNoSidewaysOverflow();
    }, 20_000);

    test('WHEN the members button opens the member list THEN Ery is there, and its profile card with its id fits the screen', async () => {
      await page.click('#members-button');
      await page.locator('#member-list').waitFor({ state: 'visible', ...WAIT });
      await page.click(`.member[data-user-id="${pg.botUserId}"]`);
      await page.locator('#profile').waitFor({ state: 'visible', ...WAIT });
      expect(await page.textContent('#profile .profile-id')).toBe(pg.botUserId);
      await expectInView('#profile', width, height);
      await page.screenshot({ path: join(tmpdir(), `ery-chat-${width}-profile.png`) });
      // Esc closes the card and the drawer; so does a tap beside the drawer.
      await page.keyboard.press('Escape');
      expect(await page.isHidden('#profile')).toBe(true);
      expect(await page.isHidden('#member-list')).toBe(true);
      await page.click('#members-button');
      await page.click('#scrim', { position: { x: 10, y: height / 2 } });
      expect(await page.isHidden('#member-list')).toBe(true);
      await page.click('#menu-button');
      await page.click('.channel[data-channel-name="general"]');
    }, 20_000);
  });
}

test('GIVEN all of the above THEN the page threw no error', () => {
  expect(pageErrors).toEqual([]);
});
