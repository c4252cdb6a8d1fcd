import { afterAll, describe, expect, test } from 'bun:test';
import { AttachmentReadError } from '../../actors/agent-thread/attachment-reader.ts';
import { createAttachmentReader } from '../../src/discord/attachment-reader.ts';

/** A local server standing in for the playground's attachment host. */
const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch(req) {
    const path = new URL(req.url).pathname;
    if (path === '/redirect') return Response.redirect('https://example.com/x.png', 302);
    if (path === '/lying') {
      // Declares 10 bytes and sends 5000: the cap must hold on what arrives.
      return new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new Uint8Array(5000));
            c.close();
          },
        }),
      );
    }
    if (path === '/slow') return new Promise<Response>(() => {});
    return new Response('hello');
  },
});
afterAll(() => server.stop(true));
const origin = `http://127.0.0.1:${server.port}`;
const reader = createAttachmentReader({ apiUrl: `${origin}/api`, timeoutMs: 200 });
const signal = new AbortController().signal;
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => 'read',
    (error: unknown) => (error instanceof AttachmentReadError ? error.message : `other: ${String(error)}`),
  );

describe('GIVEN the attachment reader', () => {
  test('WHEN a file is on the attachment host THEN it is read', async () => {
    expect(new TextDecoder().decode(await reader.read(`${origin}/a/b/file.txt`, 100, signal))).toBe('hello');
  });

  test('WHEN a URL is anywhere else THEN it is refused before any connection', async () => {
    for (const url of [
      'https://example.com/x.png',
      'http://cdn.discordapp.com/x.png',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(await reason(reader.read(url, 100, signal))).toMatch(/attachment host|not a URL/);
  });

  test('WHEN the host redirects THEN the redirect is not followed', async () => {
    expect(await reason(reader.read(`${origin}/redirect`, 100, signal))).toBe('Discord answered 302 for it');
  });

  test('WHEN more bytes arrive than the cap THEN the read stops with the size', async () => {
    expect(await reason(reader.read(`${origin}/lying`, 1024, signal))).toBe('it is larger than 1 KB');
  });

  test('WHEN the host does not answer THEN the read times out', async () => {
    expect(await reason(reader.read(`${origin}/slow`, 100, signal))).toBe('reading it took over 0.2 s');
  });
});
