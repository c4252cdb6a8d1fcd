/**
 * The replay view steps through a recorded run (issue 9 §3 `--inspect`, §4): the real app (runEry:
 * discord.js client, playground, ops server, SQLite file, the offline demo model) records a run of
 * #general; the live inspector's "Replay this channel" link opens its replay from the ops server;
 * then `ery replay <id> --inspect`, a real child process beside that Ery, serves the same view from
 * the file read-only, and Chromium steps forward and back through it while the statechart, the
 * step's facts, batch, timers and thread follow the timeline.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningEry } from '../../src/app/run.ts';
import { readChannelLog } from '../../src/db/replay-database.ts';
import { duration } from '../../src/inspector/client/format.ts';
import { replayView } from '../../src/inspector/replay-view.ts';
import type { ReplayView } from '../../src/inspector/wire.ts';
import { useEryWithBrowser } from '../support/ery-browser.ts';
import { cliEnv, type EryProcess, spawnEry, stdoutUntil } from './support/cli-process.ts';

const WAIT = { timeout: 15_000 };
let child: EryProcess | undefined;
let expected: ReplayView;
const pageErrors: string[] = [];

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 750 && !condition(); tries += 1) await Bun.sleep(20);
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

const generalOf = (ery: RunningEry) => ery.playground?.demo.channels.general as string;

/** Records a run of #general: Bob's message batches, Alice's mention runs a thread, then it rests. */
async function recordRun(ery: RunningEry, dbPath: string): Promise<void> {
  const pg = ery.playground;
  if (!pg) throw new Error('no playground');
  const general = generalOf(ery);
  const state = () => ery.core.supervisor.actorOf(general)?.getSnapshot().value;
  pg.postMessage({ channelId: general, authorId: pg.demo.users.bob, content: 'morning all' });
  await until(() => state() === 'batching', '#general to batch');
  pg.postMessage({ channelId: general, authorId: pg.demo.users.alice, content: `<@${pg.botUserId}> hi` });
  await until(() => state() === 'cooldown', 'the thread to end');
  await until(() => state() === 'idle', '#general to rest');
  ery.core.supervisor.flush();
  expected = replayView(readChannelLog(dbPath, general));
}

const app = useEryWithBrowser({
  // Longer than the test: only the mention starts the thread, and the window shows as a timer.
  env: { ERY_BATCH_WINDOW_MS: '120000', ERY_COOLDOWN_MS: '200' },
  prepare: ({ ery, dbPath }) => recordRun(ery, dbPath),
});
const general = () => generalOf(app.ery);

afterAll(() => {
  child?.kill('SIGKILL');
});

async function open(url: string): Promise<Page> {
  const page = await app.browser.newPage({ viewport: { width: 1440, height: 950 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.waitForSelector('body.ready', WAIT);
  return page;
}

/** The page shows step `index` of the timeline: highlighted state, facts, batch, address. */
async function expectStep(page: Page, index: number): Promise<void> {
  const step = expected.steps[index];
  if (!step) throw new Error(`no step ${index}`);
  await page.locator(`.timeline-step.current[data-seq="${step.seq}"]`).waitFor(WAIT);
  expect(await page.locator('#chart g.node.active').getAttribute('data-state')).toBe(step.after);
  expect(await page.locator('#chart g.node.active').count()).toBe(1);
  expect(await page.getAttribute('#step-state', 'data-state')).toBe(step.after);
  expect(await page.textContent('[data-fact="event"]')).toBe(step.event);
  expect(await page.textContent('[data-fact="change"]')).toBe(`${step.before ?? '—'} → ${step.after}`);
  expect(await page.textContent('[data-fact="sizes"]')).toBe(`${step.batch} · ${step.queue}`);
  expect(await page.locator('#batch .message .content').allTextContents()).toEqual(
    step.channel.batch.messages.map((message) => message.content),
  );
  expect(
    await page
      .locator('#timers .timer')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.timer)),
  ).toEqual(step.channel.timers.map((timer) => timer.name));
  expect(new URL(page.url()).hash).toBe(`#step=${step.seq}`);
}

const indexWhere = (test: (step: ReplayView['steps'][number]) => boolean) => {
  const index = expected.steps.findIndex(test);
  if (index === -1) throw new Error('the recorded run lacks a step the test needs');
  return index;
};

describe('GIVEN a recorded run of #general', () => {
  test('WHEN "Replay this channel" is followed in the live inspector THEN the ops server shows its timeline', async () => {
    const live = await open(`${app.ery.ops?.url}/inspector?channel=${general()}`);
    await live.click('#replay-link');
    await live.waitForURL(`**/inspector/replay/${general()}#step=*`, WAIT);
    await live.waitForSelector('body.ready', WAIT);
    expect(await live.locator('.timeline-step').count()).toBe(expected.steps.length);
    await expectStep(live, 0);
  }, 30_000);

  test('WHEN `ery replay --inspect` serves it beside that Ery THEN its page steps forward and back as the timeline says', async () => {
    child = spawnEry(['replay', general(), '--inspect', '--db', app.dbPath], { cwd: app.dir, env: cliEnv() });
    const printed = await stdoutUntil(child, 'Serving until Ctrl-C.');
    const url = /(http:\/\/127\.0\.0\.1:\d+\/inspector\/replay\/\d+)\n/.exec(printed)?.[1];
    expect(printed).toStartWith(`Replay of channel ${general()} (${expected.steps.length} steps): `);
    const page = await open(url as string);
    await expectStep(page, 0);
    await page.keyboard.press('ArrowRight');
    await expectStep(page, 1);
    const batching = indexWhere((step) => step.after === 'batching' && step.channel.timers.length > 0);
    await page.locator(`.timeline-step[data-index="${batching}"]`).click();
    await expectStep(page, batching);
    const window = expected.steps[batching]?.channel.timers[0];
    expect(await page.textContent('#timers .timer-left')).toBe(
      `${duration((window?.deadline ?? 0) - (expected.steps[batching]?.at ?? 0))} left`,
    );
    const started = indexWhere((step) => step.started !== undefined);
    for (let index = batching; index < started; index += 1) await page.click('#step-forward');
    await expectStep(page, started);
    const thread = expected.threads.find((one) => one.id === expected.steps[started]?.started);
    const calls = thread?.steps.flatMap((step) =>
      'calls' in step ? step.calls.map((call) => call.name) : [],
    );
    expect(calls?.length).toBeGreaterThan(0);
    const agent = page.locator('.agent-thread.current');
    expect(await agent.getAttribute('data-thread-id')).toBe(thread?.id as string);
    for (const name of calls ?? [])
      expect(await agent.locator('.model-step').allTextContents()).toContainEqual(
        expect.stringContaining(name),
      );
    // The thread in detail, read from the same file: its calls with their permission decisions.
    await agent.locator('.thread-head button.link').first().click();
    const drawer = page.locator('#thread-panel');
    await drawer.locator(`.call[data-tool="${calls?.[0]}"] .decision`).first().waitFor(WAIT);
    expect(await drawer.getAttribute('data-thread-id')).toBe(thread?.id as string);
    await page.keyboard.press('Escape');
    expect(await drawer.isHidden()).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expectStep(page, started + 1);
    await page.keyboard.press('ArrowLeft');
    await expectStep(page, started);
    await page.click('#step-back');
    await expectStep(page, started - 1);
    await page.keyboard.press('End');
    await expectStep(page, expected.steps.length - 1);
    expect(await page.locator('#step-forward').isDisabled()).toBe(true);
    await page.click('#step-first');
    await expectStep(page, 0);
    expect(await page.locator('#step-back').isDisabled()).toBe(true);
    await page.screenshot({ path: join(tmpdir(), 'ery-replay-view.png') });

    const linked = await open(`${url}#step=${expected.steps[started]?.seq}`);
    await expectStep(linked, started);
    await linked.goto(new URL('/inspector/replay/123456789012345678', url).href);
    await linked.waitForSelector('body.failed', WAIT);
    expect(await linked.textContent('#step-title')).toBe('Nothing to replay');
    expect(await linked.textContent('#step-facts')).toStartWith('no channel 123456789012345678 in ');
    expect(pageErrors).toEqual([]);
  }, 40_000);

  test('WHEN it is sent SIGINT THEN it stops serving and exits 0', async () => {
    const running = child as EryProcess;
    running.kill('SIGINT');
    expect(await running.exited).toBe(0);
    child = undefined;
  });
});
