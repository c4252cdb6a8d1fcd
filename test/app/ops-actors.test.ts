import { describe, expect, test } from 'bun:test';
import { MAX_SUMMARY_CHARS } from '../../src/app/ops-actors.ts';
import { settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { bootOps, OPS_SETTINGS } from './ops-fixtures.ts';

const NO_DEADLINES = { batchWindow: null, thread: null, cooldown: null, idle: null };

describe('GET /api/actors', () => {
  test('GIVEN a batch holding a message and a reaction on Ery’s message THEN each is listed with its kind, the reaction with its emoji', async () => {
    const { supervisor, json } = bootOps();
    supervisor.receive(chatMessage({ channelId: '22', guildId: '2', content: 'hello' }));
    const reaction = chatMessage({
      channelId: '22',
      guildId: '2',
      content: '',
      reaction: { emoji: '👍', messageId: '900' },
    });
    supervisor.send({ type: 'reaction.added', message: reaction });
    const { body } = await json('/api/actors');
    const [actor] = body as Array<{ batch: { messages: Array<{ kind: string; reaction?: unknown }> } }>;
    expect(actor?.batch.messages.map((m) => m.kind)).toEqual(['message', 'reaction']);
    expect(actor?.batch.messages[1]?.reaction).toEqual({ emoji: '👍', messageId: '900' });
  });

  test('GIVEN a channel collecting a batch THEN it is listed batching, with its messages and the batch window deadline', async () => {
    const { supervisor, clock, json } = bootOps();
    clock.increment(5_000);
    const first = chatMessage({ channelId: '21', guildId: '2', content: 'hi', createdAt: 4_000 });
    const long = chatMessage({ channelId: '21', guildId: '2', content: 'x'.repeat(500) });
    supervisor.receive(first);
    supervisor.receive(long);
    const { status, body } = await json('/api/actors');
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        channelId: '21',
        guildId: '2',
        state: 'batching',
        batch: {
          size: 2,
          messages: [
            {
              id: first.id,
              kind: 'message',
              authorId: '500',
              authorName: 'alice',
              content: 'hi',
              truncated: false,
              mentionsBot: false,
              createdAt: 4_000,
            },
            expect.objectContaining({ id: long.id, content: 'x'.repeat(MAX_SUMMARY_CHARS), truncated: true }),
          ],
        },
        queue: { size: 0, messages: [] },
        deadlines: { ...NO_DEADLINES, batchWindow: 5_000 + OPS_SETTINGS.batchWindowMs },
        thread: null,
      },
    ]);
  });

  test('GIVEN a channel whose thread runs, then ends THEN it is listed running with its thread and deadline, then cooling down, then idle', async () => {
    const { supervisor, clock, agent, json } = bootOps();
    for (let i = 0; i < 3; i += 1) supervisor.receive(chatMessage({ channelId: '22' }));
    await settle(); // the run permit is granted on the next tick
    const running = (await json('/api/actors')).body[0];
    const threadId = agent.last.input.threadId;
    expect(running).toMatchObject({
      state: 'running',
      batch: { size: 0 },
      thread: { id: threadId, trigger: 'count', startedAt: 0 },
      deadlines: { ...NO_DEADLINES, thread: OPS_SETTINGS.threadTimeoutMs },
    });
    supervisor.receive(chatMessage({ channelId: '22', content: 'while it runs' }));
    expect((await json('/api/actors')).body[0].queue).toMatchObject({
      size: 1,
      messages: [{ content: 'while it runs' }],
    });

    clock.increment(2_000);
    agent.last.resolve({ threadId });
    await settle();
    expect((await json('/api/actors')).body[0]).toMatchObject({
      state: 'cooldown',
      thread: null,
      deadlines: { ...NO_DEADLINES, cooldown: 2_000 + OPS_SETTINGS.cooldownMs },
    });
    // The queued message becomes the next batch; its window counts from when it was queued (t=0).
    clock.increment(OPS_SETTINGS.cooldownMs);
    expect((await json('/api/actors')).body[0]).toMatchObject({
      state: 'batching',
      batch: { size: 1 },
      queue: { size: 0 },
      deadlines: { ...NO_DEADLINES, batchWindow: OPS_SETTINGS.batchWindowMs },
    });
  });

  test('GIVEN a channel back to idle THEN only its idle deadline is armed', async () => {
    const { supervisor, clock, agent, json } = bootOps();
    supervisor.receive(chatMessage({ channelId: '23', mentionsBot: true }));
    await settle();
    expect((await json('/api/actors')).body[0].thread.trigger).toBe('mention');
    agent.last.resolve({ threadId: agent.last.input.threadId });
    await settle();
    clock.increment(OPS_SETTINGS.cooldownMs);
    const idle = (await json('/api/actors')).body[0];
    expect(idle.state).toBe('idle');
    expect(idle.deadlines).toEqual({
      ...NO_DEADLINES,
      idle: OPS_SETTINGS.cooldownMs + OPS_SETTINGS.idleTimeoutMs,
    });
  });
});

describe('GET /api/actors/:channelId', () => {
  test('GIVEN a live channel THEN its summary, whole snapshot, recent events (oldest first) and threads (newest first)', async () => {
    const { supervisor, agent, json } = bootOps();
    for (let i = 0; i < 3; i += 1) supervisor.receive(chatMessage({ channelId: '31' }));
    await settle();
    const firstThread = agent.last.input.threadId;
    agent.last.resolve({ threadId: firstThread });
    await settle();
    supervisor.flush();
    const { status, body } = await json('/api/actors/31');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      live: true,
      machineVersion: 1,
      actor: { channelId: '31', state: 'cooldown' },
      snapshot: { value: 'cooldown', context: { channelId: '31', threadsRun: 1 } },
      threads: [{ id: firstThread, trigger: 'count', status: 'done', messageIds: expect.any(Array) }],
    });
    const types = body.events.map((event: { type: string }) => event.type);
    expect(types.slice(0, 5)).toEqual([
      'xstate.init',
      'message.received',
      'message.received',
      'message.received',
      'permit.granted',
    ]);
    expect(types).toContain('xstate.done.actor.agentThread');
    const seqs = body.events.map((event: { seq: number }) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const lastTwo = await json('/api/actors/31?events=2&threads=0');
    expect(lastTwo.body.events.map((event: { seq: number }) => event.seq)).toEqual(seqs.slice(-2));
    expect(lastTwo.body.threads).toEqual([]);
  });

  test('GIVEN a channel reaped from memory THEN its detail is read from its stored row: not live, reaped, no timer armed', async () => {
    const { supervisor, clock, agent, json } = bootOps();
    supervisor.receive(chatMessage({ channelId: '33', mentionsBot: true }));
    await settle();
    const threadId = agent.last.input.threadId;
    agent.last.resolve({ threadId });
    await settle();
    clock.increment(OPS_SETTINGS.cooldownMs);
    clock.increment(OPS_SETTINGS.idleTimeoutMs);
    supervisor.flush();
    expect((await json('/api/actors')).body).toEqual([]);
    const { status, body } = await json('/api/actors/33');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      live: false,
      actor: { channelId: '33', state: 'reaped', deadlines: NO_DEADLINES, thread: null },
      snapshot: { value: 'reaped' },
      threads: [{ id: threadId, trigger: 'mention', status: 'done' }],
    });
    expect(body.events.at(-1).type).toBe('idle.elapsed');
  });

  test('GIVEN an id no channel ever had THEN 404 saying none is live or stored', async () => {
    const { json } = bootOps();
    const { status, body } = await json('/api/actors/123456789012345678');
    expect(status).toBe(404);
    expect(body.error).toBe(
      'no channel actor 123456789012345678: none is live and none was ever stored; GET /api/actors lists the live ones',
    );
  });

  test('GIVEN an id that is not a snowflake, or a bad history limit THEN 400 naming what is wrong', async () => {
    const { json } = bootOps();
    for (const id of ['abc', '0123', '%ZZ', '123456789012345678901', '1.5', '-1']) {
      const { status, body } = await json(`/api/actors/${id}`);
      expect({ id, status }).toEqual({ id, status: 400 });
      expect(body.error).toStartWith('channel id must be a Discord snowflake');
    }
    for (const query of ['events=-1', 'events=abc', 'events=501', 'threads=101', 'threads=1.5']) {
      const { status, body } = await json(`/api/actors/1?${query}`);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.error).toStartWith(`?${query.split('=')[0]}= must be a whole number from 0 to `);
    }
  });
});

describe('GET /api/actors with passivated channels', () => {
  test('GIVEN a channel idle long enough to be passivated THEN it is still listed, idle and passive, with its idle deadline', async () => {
    const { supervisor, clock, agent, json } = bootOps({ passivateAfterMs: 5_000 });
    supervisor.receive(chatMessage({ channelId: '31', guildId: '3', mentionsBot: true }));
    await settle();
    agent.calls.at(-1)?.resolve();
    await settle();
    clock.increment(OPS_SETTINGS.cooldownMs);
    await settle();
    const idleSince = clock.now();
    clock.increment(5_000);
    expect(supervisor.actorOf('31')).toBeUndefined();
    const { body } = await json('/api/actors');
    expect(body).toEqual([
      {
        channelId: '31',
        guildId: '3',
        state: 'idle',
        batch: { size: 0, messages: [] },
        queue: { size: 0, messages: [] },
        deadlines: { ...NO_DEADLINES, idle: idleSince + OPS_SETTINGS.idleTimeoutMs },
        thread: null,
        passive: true,
      },
    ]);
  });
});
