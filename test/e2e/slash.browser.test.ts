/**
 * `/ery` from the chat page, as a server owner would run it in Discord: `/` lists Ery's commands,
 * autocomplete offers the settings, and the replies are ephemeral, shown only to whoever ran them.
 * Ery runs as `ery start` does (the real discord.js client against its playground), Chromium drives
 * the page.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { Page } from 'playwright-core';
import { DEMO_IDS } from '../../src/playground/index.ts';
import { useEryWithBrowser } from '../support/ery-browser.ts';
import { waitUntil } from './support/ery-harness.ts';

setDefaultTimeout(30_000);
const WAIT = { timeout: 15_000 };
const world = useEryWithBrowser();
let page: Page;

beforeAll(async () => {
  // Ery registers /ery once its client is ready; the page asks for the list as one types.
  await waitUntil(() =>
    (world.ery.playground?.interactions.commands(DEMO_IDS.guildId) ?? []).some((c) => c.name === 'ery'),
  );
  page = await world.browser.newPage({ viewport: { width: 1366, height: 800 } });
  await page.goto(`${world.ery.playground?.url}/`);
  await page.waitForSelector('body.ready', WAIT);
  await page.selectOption('#identity', DEMO_IDS.users.owner);
}, 60_000);

const input = () => page.locator('#composer-input');
/** The list's selected option, once it is the one whose label starts with `label` (Enter picks it). */
const option = (label: string) =>
  page.locator('#command-list .command-option.selected .mention-label', { hasText: new RegExp(`^${label}`) });

describe('/ery on the chat page', () => {
  test('GIVEN "/" typed THEN Ery\'s commands are listed, and /ery status answers only the invoker', async () => {
    await input().click();
    await input().pressSequentially('/ery st');
    await option('/ery status').waitFor(WAIT);
    await page.keyboard.press('Enter');
    expect(await input().inputValue()).toBe('/ery status ');
    await page.keyboard.press('Enter');
    const reply = page.locator('.message.ephemeral').last();
    await reply.waitFor(WAIT);
    expect(await reply.textContent()).toContain('used /ery status');
    expect(await reply.textContent()).toContain('Ery has no active channels in this server right now.');
    expect(await reply.locator('.ephemeral-note').textContent()).toBe('Only you can see this');
  });

  test('GIVEN /ery config set with autocomplete THEN the setting changes in Ery and the reply confirms it', async () => {
    await input().click();
    await input().pressSequentially('/ery config set setting:batch_s');
    await option('batch_size').waitFor(WAIT);
    await page.keyboard.press('Enter');
    expect(await input().inputValue()).toBe('/ery config set setting:batch_size ');
    await option('value:').waitFor(WAIT);
    await page.keyboard.press('Enter');
    await input().pressSequentially('3');
    await option('3').waitFor(WAIT);
    await page.keyboard.press('Enter');
    expect(await input().inputValue()).toBe('/ery config set setting:batch_size value:3 ');
    await page.locator('#command-list').waitFor({ state: 'hidden', ...WAIT });
    await page.keyboard.press('Enter');
    const reply = page.locator('.message.ephemeral', { hasText: 'set for this server' }).last();
    await reply.waitFor(WAIT);
    expect(await reply.locator('.content').textContent()).toBe(
      'batch_size set for this server: now 3 (set for this server).',
    );
    expect(world.ery.core.config.resolve(DEMO_IDS.guildId, DEMO_IDS.channels.general).batchSize).toBe(3);
  });

  test('GIVEN someone else is chosen in "You are" THEN the owner\'s ephemeral replies are not shown', async () => {
    await page.selectOption('#identity', DEMO_IDS.users.alice);
    expect(await page.locator('.message.ephemeral').count()).toBe(0);
    await page.selectOption('#identity', DEMO_IDS.users.owner);
    expect(await page.locator('.message.ephemeral').count()).toBe(2);
  });

  test('GIVEN a member without Manage Server THEN the page shows the refusal to them alone', async () => {
    await page.selectOption('#identity', DEMO_IDS.users.alice);
    await input().fill('/ery config set setting:cooldown value:5s');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const reply = page.locator('.message.ephemeral', { hasText: 'Manage Server' }).last();
    await reply.waitFor(WAIT);
    expect(world.ery.core.config.resolve(DEMO_IDS.guildId, DEMO_IDS.channels.general).cooldownMs).not.toBe(
      5000,
    );
  });
});
