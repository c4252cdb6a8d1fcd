/**
 * The information tools of issue 12 §5 end to end: each call goes through the real tool executor
 * (parse, authorise, run, audit) and Ery's real discord.js client to the playground, whose demo
 * server gets a second server Ery is also in. get_channel_info, list_threads and fetch_messages
 * reading a thread or a reply chain (around, after), and their refusals: another server's channel,
 * a channel the asking member cannot view, a channel that is not a thread of this one.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { DiscordConnection } from '../../src/discord/connection.ts';
import type { ChatMessage } from '../../src/domain/message.ts';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { seedDemo } from '../../src/playground/seed.ts';
import { snowflakeAt } from '../../src/playground/snowflake.ts';
import type { StateStore } from '../../src/playground/state.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { setup } from '../tools/fixtures/harness.ts';
import { connectToPlayground } from './support/connect-playground.ts';

setDefaultTimeout(30_000);

const OTHER_GUILD = snowflakeAt(1_704_067_200_000 + 100_000);
const OTHER_CHANNEL = snowflakeAt(1_704_067_200_000 + 101_000);

/** The demo server, plus a second server where Ery is a member, with one channel. */
function seedTwoServers(store: StateStore, now: number): void {
  const demo = seedDemo(store, now);
  store.putGuild({
    id: OTHER_GUILD,
    name: 'Elsewhere',
    ownerId: demo.users.owner,
    systemChannelId: null,
    createdAt: now,
  });
  store.putRole({
    id: OTHER_GUILD,
    guildId: OTHER_GUILD,
    name: '@everyone',
    color: 0,
    hoist: false,
    position: 0,
    permissions: (1n << 10n) | (1n << 11n) | (1n << 16n),
    managed: false,
    mentionable: false,
  });
  for (const userId of [demo.users.owner, demo.users.alice, demo.users.ery]) {
    store.putMember({
      guildId: OTHER_GUILD,
      userId,
      nick: null,
      roleIds: [],
      joinedAt: now,
      communicationDisabledUntil: null,
    });
  }
  store.putChannel({
    id: OTHER_CHANNEL,
    guildId: OTHER_GUILD,
    name: 'elsewhere',
    type: 0,
    position: 0,
    topic: 'another server',
    overwrites: [],
    lastMessageId: null,
  });
}

let pg: Playground;
let discord: DiscordConnection;
beforeAll(async () => {
  pg = await startPlayground({ seed: seedTwoServers });
  discord = await connectToPlayground(pg, { onMessage: () => {} });
});
afterAll(async () => {
  await discord?.stop();
  await pg?.stop();
});

/** This turn: one member asking Ery in #general. */
const askedBy = (userId: string, channelId = pg.demo.channels.general): ChatMessage[] => [
  chatMessage({
    guildId: pg.demo.guildId,
    channelId,
    author: { id: userId, name: pg.state.displayName(pg.demo.guildId, userId), bot: false },
    mentionsBot: true,
  }),
];

/** Runs one tool call in `channelId` of the demo server, asked by `userId`. */
function call(
  name: string,
  args: Record<string, unknown>,
  userId: string,
  channelId = pg.demo.channels.general,
) {
  const { call: run, audit } = setup({ actions: discord.actions, batch: askedBy(userId, channelId) });
  return run(name, args, { guildId: pg.demo.guildId, channelId }).then((result) => ({ ...result, audit }));
}

/** Waits until Ery's discord.js cache has the thread (THREAD_CREATE landed). */
async function cached(threadId: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (discord.names.channel(threadId) === null) {
    if (Date.now() > deadline) throw new Error(`thread ${threadId} never reached discord.js`);
    await Bun.sleep(10);
  }
}

describe('get_channel_info', () => {
  test('GIVEN no channel_id THEN it describes this channel', async () => {
    const { body, decision } = await call('get_channel_info', {}, pg.demo.users.alice);
    expect(decision).toBe('allowed');
    expect(body.result?.channel).toMatchObject({
      id: pg.demo.channels.general,
      name: 'general',
      type: 'text',
      topic: 'Say hi to Ery',
      parent_id: null,
    });
  });

  test('GIVEN a thread, an archived one and the forum THEN each is described with its parent and state', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.alice,
      name: 'info thread',
    });
    await cached(thread.id);
    pg.updateThread({ threadId: thread.id, actorId: pg.demo.users.owner, archived: true, locked: true });
    const { body } = await call('get_channel_info', { channel_id: thread.id }, pg.demo.users.alice);
    expect(body.result?.channel).toMatchObject({
      id: thread.id,
      type: 'public_thread',
      parent_id: pg.demo.channels.general,
      archived: true,
      locked: true,
    });
    const forum = await call('get_channel_info', { channel_id: pg.demo.channels.help }, pg.demo.users.alice);
    expect(forum.body.result?.channel).toMatchObject({ type: 'forum', name: 'help' });
  });

  test('GIVEN a channel of another server Ery is in THEN it is refused and audited as denied', async () => {
    const { decision, body, audit } = await call(
      'get_channel_info',
      { channel_id: OTHER_CHANNEL },
      pg.demo.users.alice,
    );
    expect(decision).toBe('denied');
    expect(body.error?.message).toContain('not a channel of this server');
    expect(audit.rows[0]).toMatchObject({ tool: 'get_channel_info', decision: 'denied' });
  });

  test('GIVEN #mod-log THEN a member who cannot view it is refused, a moderator is answered', async () => {
    const refused = await call(
      'get_channel_info',
      { channel_id: pg.demo.channels.modLog },
      pg.demo.users.alice,
    );
    expect(refused.decision).toBe('denied');
    expect(refused.body.error?.message).toContain('cannot view channel');
    const allowed = await call(
      'get_channel_info',
      { channel_id: pg.demo.channels.modLog },
      pg.demo.users.moderator,
    );
    expect(allowed.body.result?.channel).toMatchObject({ name: 'mod-log' });
  });
});

describe('list_threads', () => {
  test('GIVEN active, archived and private threads in #random THEN it lists the public ones, archived apart', async () => {
    const open = pg.startThread({
      parentId: pg.demo.channels.random,
      actorId: pg.demo.users.bob,
      name: 'open one',
    });
    const closed = pg.startThread({
      parentId: pg.demo.channels.random,
      actorId: pg.demo.users.bob,
      name: 'closed one',
    });
    const secret = pg.startThread({
      parentId: pg.demo.channels.random,
      actorId: pg.demo.users.bob,
      name: 'secret',
      type: 12,
    });
    pg.updateThread({ threadId: closed.id, actorId: pg.demo.users.bob, archived: true });
    const elsewhere = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.bob,
      name: 'other parent',
    });
    const { body } = await call('list_threads', {}, pg.demo.users.bob, pg.demo.channels.random);
    const names = (list: unknown) => (list as Array<{ name: string }>).map((t) => t.name);
    expect(names(body.result?.active)).toEqual(['open one']);
    expect(names(body.result?.recently_archived)).toEqual(['closed one']);
    expect(names(body.result?.active)).not.toContain(secret.name);
    expect(names(body.result?.active)).not.toContain(elsewhere.name);
    expect(open.archived).toBe(false);
  });
});

describe('fetch_messages', () => {
  test('GIVEN a thread of this channel THEN it reads the thread; after and around follow a conversation', async () => {
    const thread = pg.startThread({
      parentId: pg.demo.channels.general,
      actorId: pg.demo.users.alice,
      name: 'readable',
    });
    await cached(thread.id);
    const ids = ['one', 'two', 'three', 'four', 'five'].map(
      (content) => pg.postMessage({ channelId: thread.id, authorId: pg.demo.users.alice, content }).id,
    );
    const contents = (result: unknown) =>
      (result as { messages: Array<{ content: string }> }).messages.map((m) => m.content);
    const all = await call('fetch_messages', { channel_id: thread.id, limit: 10 }, pg.demo.users.alice);
    expect(contents(all.body.result)).toEqual(['one', 'two', 'three', 'four', 'five']);
    const after = await call(
      'fetch_messages',
      { channel_id: thread.id, limit: 2, after: ids[1] },
      pg.demo.users.alice,
    );
    expect(contents(after.body.result)).toEqual(['three', 'four']);
    const around = await call(
      'fetch_messages',
      { channel_id: thread.id, limit: 3, around: ids[2] },
      pg.demo.users.alice,
    );
    expect(contents(around.body.result)).toEqual(['two', 'three', 'four']);
  });

  test('GIVEN before and after together THEN the call is invalid and says to give one', async () => {
    const { decision, body } = await call(
      'fetch_messages',
      { limit: 5, before: pg.demo.channels.general, after: pg.demo.channels.general },
      pg.demo.users.alice,
    );
    expect(decision).toBe('invalid');
    expect(JSON.stringify(body.error)).toContain('at most one of before, after and around');
  });

  test('GIVEN another channel of this server THEN fetch_messages refuses it: only this channel and its threads', async () => {
    const { decision, body } = await call(
      'fetch_messages',
      { channel_id: pg.demo.channels.random, limit: 5 },
      pg.demo.users.alice,
    );
    expect(decision).toBe('denied');
    expect(body.error?.message).toContain('reads this channel or one of its threads');
  });
});
