/**
 * Threads and forum posts in the playground, through the real discord.js client: THREAD_CREATE and
 * GUILD_CREATE `threads` fill its cache, MESSAGE_CREATE in a thread carries the thread's id,
 * archived and locked threads behave as on Discord, and THREAD_UPDATE / THREAD_DELETE /
 * THREAD_LIST_SYNC reach it.
 */
import { describe, expect, test } from 'bun:test';
import {
  ChannelType,
  type Client,
  DiscordAPIError,
  Events,
  type ForumChannel,
  type TextChannel,
  type ThreadChannel,
} from 'discord.js';
import type { Playground } from '../../src/playground/index.ts';
import { api, loginClient, messageSeen, threadCached, usePlayground, within } from './helpers.ts';

let pg: Playground;
let client: Client<true>;

usePlayground({ port: 0 }, async (started) => {
  ({ pg } = started);
  client = await started.login();
});

const text = (id: string) => client.channels.cache.get(id) as TextChannel;

const seen = (content: string) => messageSeen(client, content);

describe('GIVEN threads in the playground', () => {
  test('WHEN a member starts a thread from a message THEN discord.js caches it and a message in it carries its id', async () => {
    const starter = pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.alice,
      content: 'a topic',
    });
    const created = within<ThreadChannel>(5000, (resolve) => client.once(Events.ThreadCreate, resolve));
    const thread = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.alice,
      name: 'topic thread',
      fromMessageId: starter.id,
    });
    expect(thread.id).toBe(starter.id);
    const cached = await created;
    expect(cached.type).toBe(ChannelType.PublicThread);
    expect(cached.parentId).toBe(pg.demo.channels.general);
    const arrived = seen('inside the thread');
    pg.postMessage({ channelId: thread.id, authorId: pg.demo.users.bob, content: 'inside the thread' });
    const message = await arrived;
    expect(message.channelId).toBe(thread.id);
    expect(message.channel.isThread()).toBe(true);
  });

  test('WHEN Ery starts a thread and a forum post with discord.js THEN both exist, the post with its first message', async () => {
    const thread = await text(pg.demo.channels.random).threads.create({ name: 'ery thread' });
    expect(pg.state.channel(thread.id)?.parentId).toBe(pg.demo.channels.random);
    await thread.send('hello thread');
    expect(pg.state.messages(thread.id).map((m) => m.content)).toEqual(['hello thread']);
    const forum = client.channels.cache.get(pg.demo.channels.help) as ForumChannel;
    expect(forum.type).toBe(ChannelType.GuildForum);
    const post = await forum.threads.create({ name: 'How do I?', message: { content: 'first post' } });
    expect(pg.state.message(post.id)?.content).toBe('first post');
    // A forum takes messages only in its posts.
    const direct = await api(pg, 'POST', `/channels/${pg.demo.channels.help}/messages`, {
      body: { content: 'x' },
    });
    expect(direct.body.code).toBe(50008);
  });

  test('WHEN a thread is archived THEN it is listed as archived, and a message unarchives it', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.bob,
      name: 'to archive',
    });
    const updated = within<ThreadChannel>(5000, (resolve) =>
      client.on(Events.ThreadUpdate, (_old, now) => {
        if (now.id === thread.id && now.archived) resolve(now);
      }),
    );
    pg.updateThread({ threadId: thread.id, actorId: pg.demo.users.bob, archived: true });
    expect((await updated).archived).toBe(true);
    const active = await client.guilds.cache.get(pg.demo.guildId)?.channels.fetchActiveThreads();
    expect(active?.threads.has(thread.id)).toBe(false);
    const archived = await text(pg.demo.channels.general).threads.fetchArchived({ type: 'public' });
    expect(archived.threads.has(thread.id)).toBe(true);
    const again = seen('wake up');
    pg.postMessage({ channelId: thread.id, authorId: pg.demo.users.alice, content: 'wake up' });
    const message = await again;
    expect((message.channel as ThreadChannel).archived).toBe(false);
  });

  test('WHEN a moderator locks a thread THEN Ery (no Manage Threads) cannot post there and discord.js says it is not sendable', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.alice,
      name: 'locked one',
    });
    await threadCached(client, thread.id);
    const patched = await api(pg, 'PATCH', `/channels/${thread.id}`, {
      token: pg.tokenFor(pg.demo.users.owner),
      body: { locked: true, archived: true },
    });
    expect(patched.body.thread_metadata).toMatchObject({ locked: true, archived: true });
    await within(5000, (resolve) => {
      const check = () =>
        (client.channels.cache.get(thread.id) as ThreadChannel | undefined)?.locked && resolve(undefined);
      check();
      client.on(Events.ThreadUpdate, check);
    });
    const cached = client.channels.cache.get(thread.id) as ThreadChannel;
    expect(cached.sendable).toBe(false);
    const refused = await cached.send('let me in').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect((refused as DiscordAPIError).code).toBe(160005);
  });

  test('WHEN a private thread is started THEN only its members and thread managers see it', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.alice,
      name: 'secret',
      type: 12,
    });
    const asBob = await api(pg, 'GET', `/channels/${thread.id}`, { token: pg.tokenFor(pg.demo.users.bob) });
    expect(asBob.status).toBe(403);
    const asOwner = await api(pg, 'GET', `/channels/${thread.id}`, {
      token: pg.tokenFor(pg.demo.users.owner),
    });
    expect(asOwner.body.type).toBe(12);
  });

  test('WHEN a thread is deleted THEN discord.js hears THREAD_DELETE and drops it', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.random,
      actorId: pg.demo.users.alice,
      name: 'doomed',
    });
    await threadCached(client, thread.id);
    const deleted = within<ThreadChannel>(5000, (resolve) => client.once(Events.ThreadDelete, resolve));
    pg.deleteThread({ threadId: thread.id, actorId: pg.demo.users.owner });
    expect((await deleted).id).toBe(thread.id);
    expect(client.channels.cache.has(thread.id)).toBe(false);
  });

  test('WHEN a second client logs in THEN GUILD_CREATE brings the active threads, and THREAD_LIST_SYNC refreshes them', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.bob,
      name: 'known at login',
    });
    const second = await loginClient(pg);
    try {
      expect(second.channels.cache.get(thread.id)?.isThread()).toBe(true);
      const synced = within<number>(5000, (resolve) =>
        second.once(Events.ThreadListSync, (threads) => resolve(threads.size)),
      );
      pg.syncThreads(pg.demo.guildId);
      expect(await synced).toBeGreaterThan(0);
    } finally {
      await second.destroy();
    }
  });
});
