/**
 * Ery in threads and forum posts, end to end (issue 12 §4): the real discord.js client against the
 * playground, the real openai SDK against a scripted model. Ery answers inside the thread, never in
 * its parent; an archived thread is answered (sending unarchives it); a locked thread gets no
 * attempt; a deleted thread's actor is reaped.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import { captureLogger } from '../support/capture-logger.ts';
import type { OpenAIServer, ScriptStep } from '../support/openai-server.ts';
import { useEryWorld, waitUntil } from './support/ery-harness.ts';
import { eryMessagesSince, sends } from './support/ery-posts.ts';

setDefaultTimeout(30_000);

const world = useEryWorld('ery-threads-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels } = DEMO_IDS;
const lastSeq = () => playground.events().at(-1)?.seq ?? 0;

/** Ery's messages created after event `since`. */
const eryMessages = (since: number) => eryMessagesSince(playground, users.ery, since);

/** Waits until discord.js in `ery` has the thread cached (THREAD_CREATE landed). */
async function cached(ery: Awaited<ReturnType<typeof world.startEry>>, threadId: string) {
  await waitUntil(() => ery.discord.names.channel(threadId) !== null);
}

describe('GIVEN Ery and a thread', () => {
  test('WHEN a member mentions Ery inside a thread THEN Ery answers in the thread, not in its parent', async () => {
    const ery = await world.startEry({ model: 'thread-model' });
    const starter = playground.postMessage({
      channelId: channels.general,
      authorId: users.alice,
      content: 'topic',
    });
    const thread = playground.startThread({
      parentId: channels.general,
      actorId: users.alice,
      name: 'a topic',
      fromMessageId: starter.id,
    });
    await cached(ery, thread.id);
    llm.script('thread-model', ...sends('answer in the thread'));
    const since = lastSeq();
    playground.postMessage({
      channelId: thread.id,
      authorId: users.alice,
      content: `<@${users.ery}> what now?`,
    });
    await waitUntil(() => eryMessages(since).length > 0);
    expect(eryMessages(since).map((e) => [e.channelId, e.message.content])).toEqual([
      [thread.id, 'answer in the thread'],
    ]);
    // The thread has its own actor; the parent's saw only the starter message and answered nothing.
    expect(ery.core.supervisor.actorOf(thread.id)).toBeDefined();
  });

  test('WHEN a member asks Ery in a forum post THEN Ery answers in the post', async () => {
    await world.startEry({ model: 'forum-model' });
    llm.script('forum-model', ...sends('answer in the post'));
    const since = lastSeq();
    const post = playground.startThread({
      parentId: channels.help,
      actorId: users.bob,
      name: 'How do I reset?',
      content: `<@${users.ery}> how do I reset my settings?`,
    });
    await waitUntil(() => eryMessages(since).length > 0);
    expect(eryMessages(since).map((e) => e.channelId)).toEqual([post.id]);
    expect(playground.state.channel(post.id)?.parentId).toBe(channels.help);
  });

  test('WHEN the thread is archived while Ery thinks THEN Ery still answers there and the thread is unarchived', async () => {
    const ery = await world.startEry({ model: 'archived-model' });
    const thread = playground.startThread({ parentId: channels.random, actorId: users.bob, name: 'slow' });
    await cached(ery, thread.id);
    const [first, last] = sends('late answer');
    llm.script('archived-model', { delayMs: 400, after: first }, last as ScriptStep);
    const since = lastSeq();
    const calls = llm.calls('archived-model').length;
    playground.postMessage({
      channelId: thread.id,
      authorId: users.bob,
      content: `<@${users.ery}> still there?`,
    });
    await waitUntil(() => llm.calls('archived-model').length > calls);
    playground.updateThread({ threadId: thread.id, actorId: users.bob, archived: true });
    expect(playground.state.channel(thread.id)?.thread?.archived).toBe(true);
    await waitUntil(() => eryMessages(since).length > 0);
    expect(eryMessages(since).map((e) => e.channelId)).toEqual([thread.id]);
    expect(playground.state.channel(thread.id)?.thread?.archived).toBe(false);
  });

  test('WHEN a thread is locked THEN a message there gets no attempt, and that is logged', async () => {
    const { logger, lines } = captureLogger();
    const ery = await world.startEry({ model: 'locked-model', logger });
    const thread = playground.startThread({
      parentId: channels.general,
      actorId: users.alice,
      name: 'closed',
    });
    await cached(ery, thread.id);
    playground.updateThread({ threadId: thread.id, actorId: users.owner, locked: true });
    // Only thread managers post in a locked thread: the owner does, and asks Ery.
    const message = playground.postMessage({
      channelId: thread.id,
      authorId: users.owner,
      content: `<@${users.ery}> anything to add?`,
    });
    await waitUntil(() =>
      lines.some((l) => l.event === 'discord.thread.locked_out' && l.messageId === message.id),
    );
    expect(ery.core.supervisor.actorOf(thread.id)).toBeUndefined();
    expect(llm.calls('locked-model')).toHaveLength(0);
  });

  test('WHEN a thread with a live actor is deleted THEN its actor is reaped', async () => {
    const ery = await world.startEry({ model: 'deleted-model', windowMs: 60_000 });
    const thread = playground.startThread({
      parentId: channels.general,
      actorId: users.alice,
      name: 'short-lived',
    });
    await cached(ery, thread.id);
    playground.postMessage({ channelId: thread.id, authorId: users.alice, content: 'just chatting' });
    await waitUntil(() => ery.core.supervisor.actorOf(thread.id)?.getSnapshot().value === 'batching');
    playground.deleteThread({ threadId: thread.id, actorId: users.owner });
    await waitUntil(() => ery.core.supervisor.actorOf(thread.id) === undefined);
    ery.core.supervisor.flush();
    expect(ery.core.supervisor.channels().map((c) => c.channelId)).not.toContain(thread.id);
    expect(llm.calls('deleted-model')).toHaveLength(0);
  });
});

describe('GIVEN auto-thread in the server policy', () => {
  const enable = (ery: Awaited<ReturnType<typeof world.startEry>>) =>
    ery.core.policies.set(playground.demo.guildId, {
      autoThread: { enabled: true, minMessagesPerMinute: 3 },
    });

  test('WHEN Ery is mentioned in a busy channel THEN it starts a thread from the message and answers there', async () => {
    const ery = await world.startEry({ model: 'auto-model', windowMs: 60_000 });
    enable(ery);
    llm.script('auto-model', ...sends('answered in a new thread'));
    const since = lastSeq();
    for (const content of ['busy one', 'busy two']) {
      playground.postMessage({ channelId: channels.random, authorId: users.bob, content });
    }
    const ask = playground.postMessage({
      channelId: channels.random,
      authorId: users.alice,
      content: `<@${users.ery}> can you explain the release plan?`,
    });
    await waitUntil(() => eryMessages(since).length > 0);
    const thread = playground.state.channel(ask.id);
    expect(thread?.parentId).toBe(channels.random);
    expect(thread?.name).toBe('can you explain the release plan?');
    expect(eryMessages(since).map((e) => e.channelId)).toEqual([ask.id]);
    // The two plain messages stay with the channel's own actor, still batching.
    expect(ery.core.supervisor.actorOf(channels.random)?.getSnapshot().context.batch).toHaveLength(2);
  });

  test('WHEN Ery is mentioned in a quiet channel THEN it answers in the channel, no thread', async () => {
    const ery = await world.startEry({ model: 'quiet-model' });
    enable(ery);
    llm.script('quiet-model', ...sends('answered in place'));
    const since = lastSeq();
    playground.postMessage({
      channelId: channels.modLog,
      authorId: users.moderator,
      content: `<@${users.ery}> hi`,
    });
    await waitUntil(() => eryMessages(since).length > 0);
    expect(eryMessages(since).map((e) => e.channelId)).toEqual([channels.modLog]);
    expect(playground.events().some((e) => e.type === 'thread.created' && e.seq > since)).toBe(false);
  });
});
