/**
 * The web chat's fetch handler, called in process (no browser, no socket of its own): the state
 * snapshot, body validation and the playground's refusals on posting, the SSE stream, the assets,
 * and mounting before the playground exists.
 */
import { describe, expect, test } from 'bun:test';
import { type ChatErrorBody, createWebChat } from '../../src/playground/web/index.ts';
import { api } from './helpers.ts';
import { BASE, call, chat, pg, postJson, readUntil, state, useWebChat } from './web-chat.fixtures.ts';

useWebChat();

describe('web chat handler', () => {
  test('GIVEN an open /chat/events WHEN someone posts THEN the stream delivers message.created with the message view', async () => {
    const abort = new AbortController();
    const res = await call('/chat/events', { signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const posted = pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: 'live!',
    });
    const { item, eventName, id } = await readUntil(res, (i) => i.message?.id === posted.id);
    expect(eventName).toBe('message.created');
    expect(Number(id)).toBe(item.event.seq);
    expect(item.message?.author).toEqual({ id: pg.demo.users.bob, name: 'Bob', bot: false });
    abort.abort();
  });

  test('GIVEN someone types over REST WHEN streaming THEN typing.started arrives with who and where', async () => {
    const abort = new AbortController();
    const res = await call('/chat/events', { signal: abort.signal });
    const typing = await api(pg, 'POST', `/channels/${pg.demo.channels.random}/typing`);
    expect(typing.status).toBe(204);
    const { item, eventName } = await readUntil(res, (i) => i.event.type === 'typing.started');
    expect(eventName).toBe('typing.started');
    expect(item.event).toMatchObject({
      channelId: pg.demo.channels.random,
      user: { id: pg.botUserId, name: 'Ery', bot: true },
    });
    abort.abort();
  });

  test('GIVEN ?since=<seq of the state> THEN events after the snapshot are replayed first', async () => {
    const { seq } = await state();
    const posted = pg.postMessage({
      channelId: pg.demo.channels.random,
      authorId: pg.demo.users.alice,
      content: 'missed?',
    });
    const abort = new AbortController();
    const res = await call(`/chat/events?since=${seq}`, { signal: abort.signal });
    const { item } = await readUntil(res, (i) => i.event.type === 'message.created');
    expect(item.message?.id).toBe(posted.id);
    abort.abort();
  });

  test('GIVEN a ban over REST WHEN streaming THEN member.banned arrives with its system line and the member gone', async () => {
    const abort = new AbortController();
    const res = await call('/chat/events', { signal: abort.signal });
    const ban = await api(pg, 'PUT', `/guilds/${pg.demo.guildId}/bans/${pg.demo.users.bob}`, {
      body: {},
      reason: 'spam',
    });
    expect(ban.status).toBe(204);
    const { item } = await readUntil(res, (i) => i.event.type === 'member.banned');
    expect(item.member).toBeNull();
    expect(item.lines).toHaveLength(1);
    expect(item.lines?.[0]).toMatchObject({
      kind: 'ban',
      actor: { id: pg.botUserId },
      target: { id: pg.demo.users.bob, name: 'Bob' },
      reason: 'spam',
      channelIds: [pg.demo.channels.general, pg.demo.channels.modLog],
    });
    abort.abort();
    expect((await state()).system.at(-1)?.kind).toBe('ban');
    const banned = await postJson('/chat/messages', {
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: 'back',
    });
    expect(((await banned.json()) as ChatErrorBody).error.code).toBe('WEB_CHAT_BANNED');
  });

  test('GIVEN an open stream WHEN the client goes away THEN the stream is closed and forgotten', async () => {
    const abort = new AbortController();
    const res = await call('/chat/events', { signal: abort.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect(chat.streams).toBe(1);
    abort.abort();
    expect(chat.streams).toBe(0);
    let done = false;
    for (let i = 0; i < 100 && !done; i++) done = (await reader.read()).done;
    expect(done).toBe(true);
  });

  test('GIVEN a quiet stream THEN keep-alive comments flow so idle timeouts do not cut it', async () => {
    const quick = createWebChat(pg, { keepAliveMs: 10 });
    const res = await quick(new Request(`${BASE}/chat/events`));
    if (!res) throw new Error('no answer');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (let i = 0; i < 100 && !text.includes(': keep-alive'); i++) {
      text += decoder.decode((await reader.read()).value ?? new Uint8Array());
    }
    expect(text).toContain(': keep-alive\n\n');
    quick.close();
    expect(quick.streams).toBe(0);
  });

  test('GIVEN an open stream WHEN the web chat closes THEN the stream ends', async () => {
    const res = await call('/chat/events');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    chat.close();
    let done = false;
    for (let i = 0; i < 100 && !done; i++) done = (await reader.read()).done;
    expect(done).toBe(true);
  });

  test('GIVEN a /chat/events client that never reads WHEN the chat keeps going THEN it is dropped once 4 MiB behind and forgotten', async () => {
    const res = await call('/chat/events');
    expect(chat.streams).toBe(1);
    const content = 'x'.repeat(1_900);
    for (let i = 0; i < 3_000 && chat.streams > 0; i++)
      pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.alice, content });
    expect(chat.streams).toBe(0);
    // Its last word says why; a real EventSource then resumes from its Last-Event-ID.
    const text = await res.text();
    expect(text).toEndWith('\n\n');
    expect(text.slice(text.lastIndexOf('event: dropped'))).toContain('read it as it comes');
  });
});
