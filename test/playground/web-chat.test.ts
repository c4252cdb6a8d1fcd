/**
 * The web chat's fetch handler, called in process (no browser, no socket of its own): the state
 * snapshot, body validation and the playground's refusals on posting, the SSE stream, the assets,
 * and mounting before the playground exists.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import {
  type ChatErrorBody,
  type ChatState,
  type ChatStreamItem,
  createWebChat,
  mountWebChat,
  type WebChat,
} from '../../src/playground/web/index.ts';
import { api } from './helpers.ts';

const BANNER = 'Offline demo model — not an AI. Set OPENROUTER_API_KEY to talk to a real one.';

let pg: Playground;
let chat: WebChat;

beforeAll(async () => {
  pg = await startPlayground({ port: 0 });
  chat = createWebChat(pg, { title: 'Test <chat>', banner: () => BANNER });
});

afterAll(async () => {
  chat?.close();
  await pg?.stop();
});

const BASE = 'http://chat.test';

async function call(path: string, init?: RequestInit): Promise<Response> {
  const res = await chat(new Request(`${BASE}${path}`, init));
  if (!res) throw new Error(`the web chat did not answer ${path}`);
  return res;
}

const postJson = (path: string, body: unknown) =>
  call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function state(): Promise<ChatState> {
  return (await (await call('/chat/state')).json()) as ChatState;
}

/** Reads SSE frames from `res` until one satisfies `match`; bounded by `timeoutMs`. */
async function readUntil(
  res: Response,
  match: (item: ChatStreamItem, eventName: string) => boolean,
  timeoutMs = 5000,
): Promise<{ item: ChatStreamItem; eventName: string; id: string }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no matching SSE frame within ${timeoutMs} ms`)), timeoutMs),
  );
  try {
    for (let i = 0; i < 1000; i++) {
      const chunk = await Promise.race([reader.read(), deadline]);
      if (chunk.done) throw new Error('the stream ended before a matching frame');
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const fields = Object.fromEntries(
          frame
            .split('\n')
            .filter((l) => !l.startsWith(':') && l.includes(': '))
            .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
        );
        if (!fields.data) continue;
        const item = JSON.parse(fields.data) as ChatStreamItem;
        if (match(item, fields.event ?? ''))
          return { item, eventName: fields.event ?? '', id: fields.id ?? '' };
      }
    }
    throw new Error('too many frames without a match');
  } finally {
    reader.releaseLock();
  }
}

describe('web chat handler', () => {
  test('GIVEN a path outside the chat THEN the handler answers undefined so the API keeps working', () => {
    expect(chat(new Request(`${BASE}/api/v10/gateway`))).toBeUndefined();
    expect(chat(new Request(`${BASE}/gateway`))).toBeUndefined();
  });

  test('GIVEN the demo server WHEN /chat/state THEN it has the guild, channels, members with role colours and the banner', async () => {
    const s = await state();
    expect(s.banner).toBe(BANNER);
    expect(s.title).toBe('Test <chat>');
    expect(s.guild?.name).toBe('Ery Playground');
    expect(s.botUserId).toBe(pg.botUserId);
    expect(s.channels.map((c) => [c.name, c.private])).toEqual([
      ['general', false],
      ['random', false],
      ['mod-log', true],
    ]);
    const max = s.members.find((m) => m.id === pg.demo.users.moderator);
    expect(max?.name).toBe('Max (moderator)');
    expect(max?.color).toBe(0xe67e22);
    expect(max?.roleIds).toEqual([pg.demo.roles.moderator]);
    expect(s.members.find((m) => m.id === pg.demo.users.ery)).toMatchObject({ bot: true, color: 0x5865f2 });
    expect(s.members.find((m) => m.id === pg.demo.users.owner)?.owner).toBe(true);
    expect(s.roles[0]?.name).toBe('Moderator');
    expect(Object.keys(s.messages).sort()).toEqual(s.channels.map((c) => c.id).sort());
  });

  test('GIVEN a reply and a reaction WHEN /chat/state THEN the message carries its reply preview, mentions and reactions', async () => {
    const { general } = pg.demo.channels;
    const first = pg.postMessage({ channelId: general, authorId: pg.demo.users.bob, content: 'first!' });
    pg.react({ channelId: general, messageId: first.id, userId: pg.demo.users.alice, emoji: '👍' });
    const reply = pg.postMessage({
      channelId: general,
      authorId: pg.demo.users.alice,
      content: `hi <@${pg.demo.users.bob}>`,
      replyToId: first.id,
    });
    const messages = (await state()).messages[general] ?? [];
    const shownFirst = messages.find((m) => m.id === first.id);
    const shownReply = messages.find((m) => m.id === reply.id);
    expect(shownFirst?.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [pg.demo.users.alice] }]);
    expect(shownReply?.replyTo).toEqual({
      id: first.id,
      author: { id: pg.demo.users.bob, name: 'Bob', bot: false },
      content: 'first!',
    });
    expect(shownReply?.mentions.users).toEqual([{ id: pg.demo.users.bob, name: 'Bob' }]);
  });

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
    const res = await postJson('/chat/messages', {
      channelId: 'general',
      authorId: pg.demo.users.alice,
      content: '   ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ChatErrorBody;
    expect(body.error.code).toBe('WEB_CHAT_INVALID_BODY');
    expect(body.error.issues?.map((i) => i.path).sort()).toEqual(['channelId', 'content']);
    expect(body.error.message).toContain('Type a message first');
  });

  test('GIVEN a body that is not JSON WHEN POST /chat/messages THEN 400 says the body must be JSON', async () => {
    const res = await call('/chat/messages', { method: 'POST', body: 'hello' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ChatErrorBody).error.message).toContain('must be JSON');
  });

  test('GIVEN Bob is timed out WHEN he posts from the page THEN 400 says he is timed out and nothing is posted', async () => {
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    const timeout = await api(pg, 'PATCH', `/guilds/${pg.demo.guildId}/members/${pg.demo.users.bob}`, {
      body: { communication_disabled_until: until },
    });
    expect(timeout.status).toBe(200);
    const before = pg.state.messages(pg.demo.channels.general).length;
    const res = await postJson('/chat/messages', {
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: 'let me speak',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ChatErrorBody;
    expect(body.error.code).toBe('WEB_CHAT_TIMED_OUT');
    expect(body.error.message).toContain('Bob is timed out until');
    expect(pg.state.messages(pg.demo.channels.general).length).toBe(before);
    await api(pg, 'PATCH', `/guilds/${pg.demo.guildId}/members/${pg.demo.users.bob}`, {
      body: { communication_disabled_until: null },
    });
  });

  test('GIVEN Alice cannot see #mod-log WHEN she posts there THEN 400 says so', async () => {
    const res = await postJson('/chat/messages', {
      channelId: pg.demo.channels.modLog,
      authorId: pg.demo.users.alice,
      content: 'peek',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ChatErrorBody;
    expect(body.error.code).toBe('WEB_CHAT_NO_ACCESS');
    expect(body.error.message).toBe('Alice cannot see #mod-log. Pick another channel or person.');
  });

  test('GIVEN the bot as author WHEN POST /chat/messages THEN 400: the page cannot speak for Ery', async () => {
    const res = await postJson('/chat/messages', {
      channelId: pg.demo.channels.general,
      authorId: pg.botUserId,
      content: 'I am Ery, honest',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ChatErrorBody).error.code).toBe('WEB_CHAT_BOT_AUTHOR');
  });

  test('GIVEN a GET on /chat/messages THEN 405', async () => {
    expect((await call('/chat/messages')).status).toBe(405);
  });

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

  test('GIVEN the state THEN the composer can offer mentions: who sees each channel, every name a member goes by, pingable roles', async () => {
    const body = await state();
    const viewers = (name: string) => body.channels.find((c) => c.name === name)?.viewerIds.toSorted();
    const { users, roles } = pg.demo;
    expect(viewers('mod-log')).toEqual([users.owner, users.moderator, users.ery].toSorted());
    expect(viewers('general')).toHaveLength(5);
    expect(body.members.find((m) => m.id === users.moderator)).toMatchObject({
      name: 'Max (moderator)',
      username: 'max',
      globalName: 'Max (moderator)',
      nick: null,
    });
    expect(body.roles.filter((r) => r.mentionable).map((r) => r.id)).toEqual([roles.moderator]);
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
