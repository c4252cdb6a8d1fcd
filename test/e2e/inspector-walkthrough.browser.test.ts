/**
 * What a new user found walking through the inspector from a fresh clone, each fixed (issue 9
 * walkthrough): `/inspector` is an overview with no channel picked; a waiting channel says so in
 * its detail and a running one shows its trigger; events loaded when a page opens carry their
 * state change; mentions read as names; a denied reason is said once and a last step without a
 * call says so; reaped channels stay listed with their stored detail; the chart keeps a readable
 * scale at phone width; and a page open while Ery stops shows it draining and stopped, then stale.
 *
 * The real app (runEry: discord.js client, playground, ops server, SQLite file) with the offline
 * demo model, one run permit per server, and Chromium through playwright-core.
 */
import { describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Charts } from '../../src/inspector/wire.ts';
import { useEryWithBrowser } from '../support/ery-browser.ts';

const WAIT = { timeout: 15_000 };
let home: Page;
const pageErrors: string[] = [];

const app = useEryWithBrowser({
  env: {
    ERY_BATCH_WINDOW_MS: '120000',
    ERY_COOLDOWN_MS: '300',
    ERY_IDLE_TIMEOUT_MS: '2000',
    // One thread at a time in the demo server: a second ready channel waits for the permit.
    ERY_MAX_RUNNING_PER_GUILD: '1',
  },
  thinkMs: 1_500,
});

const pg = () => {
  if (!app.ery.playground) throw new Error('no playground');
  return app.ery.playground;
};
const general = () => pg().demo.channels.general;
const random = () => pg().demo.channels.random;
const post = (channelId: string, who: 'alice' | 'bob', content: string) =>
  pg().postMessage({ channelId, authorId: pg().demo.users[who], content });

async function open(path: string, width = 1440): Promise<Page> {
  const page = await app.browser.newPage({ viewport: { width, height: 950 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${app.ery.ops?.url}${path}`);
  await page.waitForSelector('body.ready', WAIT);
  return page;
}

const stateOf = (page: Page, channelId: string, state: string) =>
  page.locator(`.channel-row[data-channel-id="${channelId}"][data-state="${state}"]`).waitFor(WAIT);

describe('a walk through the inspector', () => {
  test('GIVEN /inspector with no channel THEN it shows every server and channel, none picked, and the supervisor since start-up', async () => {
    home = await open('/inspector');
    expect(await home.isVisible('#home')).toBe(true);
    expect(await home.isHidden('#channel')).toBe(true);
    post(general(), 'bob', `hey <@${pg().demo.users.alice}> look`);
    await home.locator(`.home-row[data-channel-id="${general()}"][data-state="batching"]`).waitFor(WAIT);
    expect(new URL(home.url()).search).toBe('');
    expect(await home.locator('.channel-row.selected').count()).toBe(0);
    expect(await home.locator('#supervisor-events .event.transition').first().textContent()).toContain(
      'resuming → serving0 channels resumed',
    );
    await home.click(`.home-row[data-channel-id="${general()}"]`);
    await home.locator('#detail-state[data-state="batching"]').waitFor(WAIT);
    expect(new URL(home.url()).searchParams.get('channel')).toBe(general());
    // The batch reads as people wrote it, the mention named.
    expect(await home.locator('#batch .content').allTextContents()).toEqual(['hey @Alice look']);
  }, 30_000);

  test('WHEN two channels are ready and one permit is free THEN the waiting one says so in its detail, the running one its trigger', async () => {
    post(random(), 'bob', `<@${pg().botUserId}> hi`);
    await stateOf(home, random(), 'running');
    post(general(), 'alice', `<@${pg().botUserId}> ban <@${pg().demo.users.bob}>`);
    await home.locator('#detail-waiting:not([hidden])').waitFor(WAIT);
    expect(await home.textContent('[data-fact="waiting"]')).toBe('ready, waiting for a run permit');
    await home.locator('#detail-state[data-state="running"]').waitFor(WAIT);
    expect(await home.isHidden('#detail-waiting')).toBe(true);
    expect(await home.textContent('[data-fact="trigger"]')).toBe('mention');
    await stateOf(home, general(), 'idle');
  }, 30_000);

  test('WHEN a page opens on the channel afterwards THEN every event it loads carries from → to, mentions named', async () => {
    const page = await open(`/inspector?channel=${general()}`);
    await page.locator('#events .event[data-seq]').nth(5).waitFor(WAIT);
    const rows = await page.locator('#events .event:not(.note)').evaluateAll((items) =>
      items.map((item) => {
        const { from, to } = (item as HTMLElement).dataset;
        return { from, to, text: item.textContent };
      }),
    );
    expect(rows.every((row) => row.to !== undefined && row.from !== undefined)).toBe(true);
    expect(
      rows
        .filter((row) => row.from && row.from !== row.to)
        .map((row) => `${row.from} → ${row.to}`)
        .reverse(),
    ).toEqual(['idle → batching', 'batching → running', 'running → cooldown', 'cooldown → idle']);
    const ban = rows.find((row) => row.text?.includes('ban'));
    expect(ban?.text).toContain('Alice: @Ery ban @Bob');
    expect(ban?.text).not.toContain('<@');
  }, 30_000);

  test('WHEN the ban thread is opened THEN its denied reason is said once and its last step says it called no tool', async () => {
    await home.locator('#threads .thread-row button.link').first().click();
    const call = home.locator('#thread-panel .call[data-tool="ban_member"]').first();
    await call.waitFor(WAIT);
    const reason = (await call.locator('.reason').textContent()) ?? '';
    expect(reason).toContain('Ban Members permission');
    expect(await call.locator('.error').count()).toBe(0);
    // Shown once (what the model read back, folded, may quote it again).
    expect((await call.innerText()).split(reason).length).toBe(2);
    expect(await home.locator('#thread-panel .step').last().locator('.no-call').textContent()).toContain(
      'No tool call',
    );
    await home.keyboard.press('Escape');
  }, 30_000);

  test('WHEN #random is reaped THEN it stays listed as reaped, its detail from its stored row', async () => {
    await stateOf(home, random(), 'reaped');
    await home.click(`.channel-row[data-channel-id="${random()}"]`);
    await home.locator('#detail-state[data-state="reaped"][data-live="false"]').waitFor(WAIT);
    expect(await home.textContent('#detail-summary .not-live')).toContain('shown from its stored row');
    expect(await home.textContent('[data-fact="threads"]')).toBe('1 (0 failed)');
    expect(await home.getAttribute('#replay-link', 'href')).toBe(`/inspector/replay/${random()}`);
    await home.click('#back-link');
    await home.locator(`.home-row.reaped[data-channel-id="${random()}"]`).waitFor(WAIT);
  }, 30_000);

  test('GIVEN a phone-wide screen THEN the statechart keeps a readable scale and scrolls sideways', async () => {
    const charts = (await (await fetch(`${app.ery.ops?.url}/inspector/api/charts`)).json()) as Charts;
    const phone = await open(`/inspector?channel=${general()}`, 420);
    const sizes = await phone.locator('#chart').evaluate((host) => ({
      svg: (host.querySelector('svg') as SVGSVGElement).getBoundingClientRect().width,
      scrolls: host.scrollWidth > host.clientWidth,
    }));
    expect(sizes.svg).toBeGreaterThanOrEqual(charts.channel.width * 0.8 - 1);
    expect(sizes.scrolls).toBe(true);
    await phone.locator('#chart').screenshot({ path: join(tmpdir(), 'ery-inspector-phone-chart.png') });
  }, 30_000);

  test('WHEN Ery stops with the page open THEN it shows draining and stopped, then marks itself stale', async () => {
    await app.ery.stop();
    await home.locator('body.stale').waitFor(WAIT);
    expect(await home.textContent('#supervisor-state')).toBe('stopped');
    const lifecycle = await home.locator('#supervisor-events .event.transition').allTextContents();
    expect(lifecycle.slice(0, 2).map((text) => text.slice(12))).toEqual([
      'supervisor.draineddraining → stopped',
      'supervisor.drainserving → draining',
    ]);
    expect(await home.textContent('#connection')).toContain('Ery stopped at');
    await home.screenshot({ path: join(tmpdir(), 'ery-inspector-stopped.png') });
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
