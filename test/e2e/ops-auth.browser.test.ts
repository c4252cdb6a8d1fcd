/**
 * A browser signs in to an ops server that has a token, the way a person opens the inspector: once
 * with `?token=`, then by the cookie alone, the page's own requests to the JSON routes included.
 * Chromium (test/support/chromium.ts) through playwright-core against the bound ops server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { type OpsServer, startOpsServer } from '../../src/app/ops-server.ts';
import { silentLogger } from '../../src/logger.ts';
import { bootOps } from '../app/ops-fixtures.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { launchChromium } from '../support/chromium.ts';

const TOKEN = 'browser-ops-token-0123456789';

/** A stand-in for a mounted page: it asks the ops API for the live actors, as the inspector will. */
const PAGE = `<!doctype html><title>ops page</title><p id="out">loading</p><script>
fetch('/api/actors').then(async (r) => {
  document.getElementById('out').textContent = r.ok ? 'actors: ' + (await r.json()).length : 'refused: ' + r.status;
});
</script>`;

let browser: Browser;
let server: OpsServer;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await browser?.close();
});

describe('ops server sign-in from a browser', () => {
  test('GIVEN a token WHEN a page is opened once with ?token= THEN the address loses the token and the page and its API calls are served by the cookie', async () => {
    const { supervisor } = bootOps();
    supervisor.receive(chatMessage({ channelId: '51' }));
    server = startOpsServer({
      port: 0,
      supervisor,
      logger: silentLogger,
      token: TOKEN,
      mounts: { '/inspector': () => new Response(PAGE, { headers: { 'content-type': 'text/html' } }) },
    });
    const signedIn = await browser.newContext();
    const page = await signedIn.newPage();
    await page.goto(`${server.url}/inspector?token=${TOKEN}`);
    expect(page.url()).toBe(`${server.url}/inspector`);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'loading');
    expect(await page.textContent('#out')).toBe('actors: 1');
    await page.goto(`${server.url}/inspector`);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'loading');
    expect(await page.textContent('#out')).toBe('actors: 1');
    const cookies = await signedIn.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'ery_ops', httpOnly: true, sameSite: 'Strict' }),
    ]);
    expect(cookies[0]?.value).not.toContain(TOKEN);

    const stranger = await (await browser.newContext()).newPage();
    const refused = await stranger.goto(`${server.url}/inspector`);
    expect(refused?.status()).toBe(401);
    expect(await refused?.json()).toMatchObject({ error: expect.stringContaining('?token=<ERY_OPS_TOKEN>') });
  }, 30_000);
});
