/**
 * The web chat's fetch handler, called in process (no browser, no socket of its own): the state
 * snapshot, body validation and the playground's refusals on posting, the SSE stream, the assets,
 * and mounting before the playground exists.
 */
import { describe, expect, test } from 'bun:test';
import { type ChatState, mountWebChat } from '../../src/playground/web/index.ts';
import { BASE, call, chat, pg, useWebChat } from './web-chat.fixtures.ts';

useWebChat();

describe('web chat handler', () => {
  test('GIVEN a path outside the chat THEN the handler answers undefined so the API keeps working', () => {
    expect(chat(new Request(`${BASE}/api/v10/gateway`))).toBeUndefined();
    expect(chat(new Request(`${BASE}/gateway`))).toBeUndefined();
  });

  test('GIVEN GET / THEN the page comes with its title escaped, and its modules are served as JavaScript', async () => {
    const page = await call('/');
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<title>Test &#60;chat&#62;</title>');
    expect(html).not.toContain('<chat>');
    const js = await call('/chat/assets/main.ts');
    expect(js.headers.get('content-type')).toContain('javascript');
    const code = await js.text();
    expect(code).not.toContain('import type');
    expect(code).toContain('from "./api.ts"');
    expect((await call('/chat/assets/style.css')).headers.get('content-type')).toContain('text/css');
    expect((await call('/chat/assets/..%2Findex.ts')).status).toBe(404);
    expect((await call('/chat/assets/wire.ts')).status).toBe(404);
  });

  test('GIVEN mountWebChat WHEN a request comes before attach THEN 503, and after attach the chat answers', async () => {
    const mount = mountWebChat({ title: 'Mounted' });
    const early = await mount.fetch(new Request(`${BASE}/chat/state`));
    expect(early?.status).toBe(503);
    expect(mount.fetch(new Request(`${BASE}/api/v10/users/@me`))).toBeUndefined();
    mount.attach(pg);
    const later = await mount.fetch(new Request(`${BASE}/chat/state`));
    if (!later) throw new Error('the mounted chat did not answer /chat/state');
    expect(((await later.json()) as ChatState).title).toBe('Mounted');
    expect(() => mount.attach(pg)).toThrow(TypeError);
    mount.close();
  });
});
