/**
 * Files from the chat page in a real browser (test/support/chromium.ts): Alice picks files with the
 * clip button, sees them as chips, and sends them with or without text; the playground stores them
 * as Discord's attachment objects on its attachment host, and the page shows them on the message.
 */
import { describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import type { Playground } from '../../src/playground/index.ts';
import { useChatPage, WAIT } from '../support/chat-page.ts';

let pg: Playground;
let page: Page;
let pageErrors: string[] = [];

useChatPage({}, async (opened) => {
  ({ pg, page, pageErrors } = opened);
  await page.selectOption('#identity', pg.demo.users.alice);
  await page.click('.channel[data-channel-name="general"]');
});

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

type RawAttachment = { filename: string; content_type?: string; size: number; url: string };

/** Waits for Alice's next message in #general after `count` of hers, and returns its attachments. */
async function nextAttachments(count: number): Promise<{ content: string; files: RawAttachment[] }> {
  for (let i = 0; i < 200; i += 1) {
    const mine = pg.state
      .messages(pg.demo.channels.general)
      .filter((m) => m.authorId === pg.demo.users.alice);
    const last = mine[count];
    if (last) return { content: last.content, files: (last.rawFields?.attachments ?? []) as RawAttachment[] };
    await Bun.sleep(25);
  }
  throw new Error('Alice posted nothing');
}

const aliceCount = () =>
  pg.state.messages(pg.demo.channels.general).filter((m) => m.authorId === pg.demo.users.alice).length;

describe('attaching files on the chat page', () => {
  test('GIVEN Alice picks notes.txt and dot.png and types a line THEN both are sent as attachments, served back byte for byte, and shown on the message', async () => {
    const before = aliceCount();
    await page.setInputFiles('#attach-input', [
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('line one\nline two\n') },
      { name: 'dot.png', mimeType: 'image/png', buffer: PNG },
    ]);
    await page.locator('#attach-tray .attach-chip').nth(1).waitFor(WAIT);
    expect(await page.locator('#attach-tray .attachment-name').allTextContents()).toEqual([
      'notes.txt',
      'dot.png',
    ]);
    await page.click('#composer-input');
    await page.keyboard.type('here are the files');
    await page.keyboard.press('Enter');

    const sent = await nextAttachments(before);
    expect(sent.content).toBe('here are the files');
    expect(sent.files.map((f) => [f.filename, f.content_type, f.size])).toEqual([
      ['notes.txt', 'text/plain', 18],
      ['dot.png', 'image/png', PNG.byteLength],
    ]);
    const served = await fetch(sent.files[0]?.url ?? '');
    expect(await served.text()).toBe('line one\nline two\n');
    expect(Buffer.from(await (await fetch(sent.files[1]?.url ?? '')).arrayBuffer())).toEqual(PNG);

    const row = page
      .locator('.message', { has: page.locator('.content', { hasText: 'here are the files' }) })
      .last();
    await row.locator('.attachment-file').waitFor(WAIT);
    expect(await row.locator('.attachment-file .attachment-name').textContent()).toBe('notes.txt');
    expect(await row.locator('.attachment-image img').getAttribute('alt')).toBe('dot.png');
    expect(await page.locator('#attach-tray').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 20_000);

  test('GIVEN Alice picks two files, removes one and sends with no text THEN the message is just the other file', async () => {
    const before = aliceCount();
    await page.setInputFiles('#attach-input', [
      { name: 'keep.log', mimeType: 'text/plain', buffer: Buffer.from('kept') },
      { name: 'drop.log', mimeType: 'text/plain', buffer: Buffer.from('dropped') },
    ]);
    await page.click('#attach-tray [aria-label="Remove drop.log"]');
    expect(await page.locator('#attach-tray .attachment-name').allTextContents()).toEqual(['keep.log']);
    await page.click('#composer-input');
    await page.keyboard.press('Enter');
    const sent = await nextAttachments(before);
    expect(sent.content).toBe('');
    expect(sent.files.map((f) => f.filename)).toEqual(['keep.log']);
    expect(pageErrors).toEqual([]);
  }, 20_000);
});
