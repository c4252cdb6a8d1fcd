/**
 * The web chat's fetch handler, called in process (no browser, no socket of its own): the state
 * snapshot, body validation and the playground's refusals on posting, the SSE stream, the assets,
 * and mounting before the playground exists.
 */
import { describe, expect, test } from 'bun:test';
import type { ChatErrorBody } from '../../src/playground/web/index.ts';
import { api } from './helpers.ts';
import { call, pg, postJson, postRefused, useWebChat } from './web-chat.fixtures.ts';

useWebChat();

describe('web chat handler', () => {
  test('GIVEN a valid body WHEN POST /chat/messages THEN 201 and the message is in the playground as that user', async () => {
    const res = await postJson('/chat/messages', {
      channelId: pg.demo.channels.random,
      authorId: pg.demo.users.alice,
      content: 'posted from the page',
    });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: string; author: { id: string } } };
    expect(message.author.id).toBe(pg.demo.users.alice);
    expect(pg.state.message(message.id)?.content).toBe('posted from the page');
  });

  test('GIVEN an empty content and a bad id WHEN POST /chat/messages THEN 400 names each field', async () => {
    const error = await postRefused({ channelId: 'general', authorId: pg.demo.users.alice, content: '   ' });
    expect(error.code).toBe('WEB_CHAT_INVALID_BODY');
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['channelId', 'content']);
    expect(error.message).toContain('Type a message first');
  });

  test.each([
    ['data that is not base64', [{ filename: 'a.txt', dataBase64: 'not base64!' }], 'files.0.dataBase64'],
    ['a slash in a file name', [{ filename: '../a.txt', dataBase64: 'aGk=' }], 'files.0.filename'],
    [
      'a malformed content type',
      [{ filename: 'a.txt', contentType: 'text', dataBase64: 'aGk=' }],
      'files.0.contentType',
    ],
    [
      'eleven files',
      Array.from({ length: 11 }, (_, i) => ({ filename: `${i}.txt`, dataBase64: 'aGk=' })),
      'files',
    ],
    ['base64 of a length no encoder gives', [{ filename: 'a.txt', dataBase64: 'A' }], 'files.0.dataBase64'],
    ['a new line in a file name', [{ filename: 'a\nb.txt', dataBase64: 'aGk=' }], 'files.0.filename'],
    ['a file named ".."', [{ filename: '..', dataBase64: 'aGk=' }], 'files.0.filename'],
    [
      'one byte over 10 MiB',
      [{ filename: 'big.bin', dataBase64: Buffer.alloc(10 * 1024 * 1024 + 1).toString('base64') }],
      'files.0.dataBase64',
    ],
    [
      'three files of 9 MiB (over 25 MiB in all)',
      Array.from({ length: 3 }, (_, i) => ({
        filename: `${i}.bin`,
        dataBase64: Buffer.alloc(9 * 1024 * 1024).toString('base64'),
      })),
      'files',
    ],
  ])(
    'GIVEN files with %s WHEN POST /chat/messages THEN 400 names the field and nothing is posted',
    async (_name, files, path) => {
      const before = pg.state.messages(pg.demo.channels.random).length;
      const error = await postRefused({
        channelId: pg.demo.channels.random,
        authorId: pg.demo.users.alice,
        content: '',
        files,
      });
      expect(error.code).toBe('WEB_CHAT_INVALID_BODY');
      expect(error.issues?.map((i) => i.path)).toContain(path);
      expect(pg.state.messages(pg.demo.channels.random).length).toBe(before);
    },
  );

  test('GIVEN a 7 MB file (under the 10 MiB limit) WHEN POST /chat/messages THEN it is taken whole', async () => {
    const bytes = 7_000_000;
    const res = await postJson('/chat/messages', {
      channelId: pg.demo.channels.random,
      authorId: pg.demo.users.alice,
      content: '',
      files: [{ filename: 'big.bin', dataBase64: Buffer.alloc(bytes, 7).toString('base64') }],
    });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { attachments: Array<{ size: number }> } };
    expect(message.attachments[0]?.size).toBe(bytes);
  });

  test('GIVEN a file and no text WHEN POST /chat/messages THEN 201 and the message carries it as an attachment', async () => {
    const res = await postJson('/chat/messages', {
      channelId: pg.demo.channels.random,
      authorId: pg.demo.users.alice,
      content: '',
      files: [{ filename: 'hi.txt', contentType: 'text/plain', dataBase64: 'aGk=' }],
    });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as {
      message: { id: string; attachments: Array<{ filename: string; size: number }> };
    };
    expect(message.attachments).toMatchObject([{ filename: 'hi.txt', size: 2 }]);
  });

  test('GIVEN a body that is not JSON WHEN POST /chat/messages THEN 400 says the body must be JSON', async () => {
    const res = await call('/chat/messages', { method: 'POST', body: 'hello' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ChatErrorBody).error.message).toContain('must be JSON');
    const members = await call('/chat/members', { method: 'POST', body: 'hello' });
    // The example names the route's own fields.
    expect(((await members.json()) as ChatErrorBody).error.message).toContain('{"name": …, "bot": …}');
  });

  test('GIVEN Bob is timed out WHEN he posts from the page THEN 400 says he is timed out and nothing is posted', async () => {
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    const timeout = await api(pg, 'PATCH', `/guilds/${pg.demo.guildId}/members/${pg.demo.users.bob}`, {
      body: { communication_disabled_until: until },
    });
    expect(timeout.status).toBe(200);
    const before = pg.state.messages(pg.demo.channels.general).length;
    const error = await postRefused({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: 'let me speak',
    });
    expect(error.code).toBe('WEB_CHAT_TIMED_OUT');
    expect(error.message).toContain('Bob is timed out until');
    expect(pg.state.messages(pg.demo.channels.general).length).toBe(before);
    await api(pg, 'PATCH', `/guilds/${pg.demo.guildId}/members/${pg.demo.users.bob}`, {
      body: { communication_disabled_until: null },
    });
  });

  test('GIVEN Alice cannot see #mod-log WHEN she posts there THEN 400 says so', async () => {
    const error = await postRefused({
      channelId: pg.demo.channels.modLog,
      authorId: pg.demo.users.alice,
      content: 'peek',
    });
    expect(error.code).toBe('WEB_CHAT_NO_ACCESS');
    expect(error.message).toBe('Alice cannot see #mod-log. Pick another channel or person.');
  });

  test('GIVEN the bot as author WHEN POST /chat/messages THEN 400: the page cannot speak for Ery', async () => {
    const error = await postRefused({
      channelId: pg.demo.channels.general,
      authorId: pg.botUserId,
      content: 'I am Ery, honest',
    });
    expect(error.code).toBe('WEB_CHAT_BOT_AUTHOR');
  });

  test('GIVEN a GET on /chat/messages THEN 405', async () => {
    expect((await call('/chat/messages')).status).toBe(405);
  });
});
