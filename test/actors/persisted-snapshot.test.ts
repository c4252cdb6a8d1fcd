import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { createChannelActor } from '../../actors/channel-actor.ts';
import { digestOf, snapshotDigest, snapshotFields } from '../../actors/supervisor/checkpoint.ts';
import { FieldTexts } from '../../actors/supervisor/field-texts.ts';
import { hashText } from '../../actors/supervisor/hash-text.ts';
import { persistedSnapshot } from '../../actors/supervisor/persisted-snapshot.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

const settings = { ...DEFAULT_CHANNEL_SETTINGS, batchSize: 3, cooldownMs: 100, idleTimeoutMs: 1_000 };

/** A channel actor driven through every state, with a look at its snapshot after each step. */
async function everyState(look: (step: string, actor: ReturnType<typeof createChannelActor>) => void) {
  const clock = new SimulatedClock();
  const agent = controllableAgent();
  const actor = createChannelActor({
    agentThread: agent.logic,
    clock,
    input: { channelId: '1', guildId: '10', settings },
  }).start();
  look('idle', actor);
  for (const [index, content] of ['a', 'b'].entries()) {
    actor.send({
      type: 'message.received',
      message: chatMessage({ id: `m${index}`, channelId: '1', content }),
    });
    look(`batching ${index + 1}`, actor);
  }
  actor.send({ type: 'message.received', message: chatMessage({ id: 'm2', channelId: '1' }) });
  look('running', actor);
  actor.send({ type: 'message.received', message: chatMessage({ id: 'm3', channelId: '1' }) });
  look('running, queued', actor);
  agent.last.resolve({ threadId: 'x', usage: { promptTokens: 1, completionTokens: 2 } });
  await settle();
  look('cooldown', actor);
  clock.increment(100);
  look('batching from the queue', actor);
  actor.send({ type: 'config.updated', settings: { batchSize: 1 } });
  await settle();
  look('running again', actor);
  agent.last.reject(new Error('boom'));
  await settle();
  clock.increment(100);
  look('idle again', actor);
  clock.increment(1_000);
  look('reaped', actor);
}

describe('GIVEN a channel actor in each of its states', () => {
  test('THEN persistedSnapshot equals XState’s getPersistedSnapshot, key order included', async () => {
    const seen: string[] = [];
    await everyState((step, actor) => {
      seen.push(step);
      expect(JSON.stringify(persistedSnapshot(actor))).toBe(JSON.stringify(actor.getPersistedSnapshot()));
      expect(persistedSnapshot(actor)).toEqual(actor.getPersistedSnapshot() as never);
    });
    expect(seen).toContain('reaped');
  });

  test('THEN its digest hashes each field’s JSON', async () => {
    await everyState((_step, actor) => {
      const persisted = actor.getPersistedSnapshot() as unknown as { context: Record<string, unknown> };
      const digest = snapshotDigest(persistedSnapshot(actor));
      for (const [field, value] of Object.entries(persisted.context))
        expect(digest.context[field]).toBe(hashText(JSON.stringify(value) ?? 'undefined'));
    });
  });
});

describe('GIVEN each checkpoint reusing the fields of the channel’s previous one', () => {
  test('THEN its digest is the one computed afresh, in every state', async () => {
    let previous: FieldTexts | undefined;
    await everyState((step, actor) => {
      const texts = new FieldTexts(previous?.next);
      const reused = digestOf(snapshotFields(persistedSnapshot(actor), texts));
      previous = texts;
      expect({ step, reused }).toEqual({ step, reused: snapshotDigest(actor.getPersistedSnapshot()) });
    });
  });

  test('WHEN a list grows, shrinks or is replaced THEN its text is JSON.stringify’s', () => {
    const odd = { a: undefined, b: () => 1, c: new Date(0), d: [undefined, null] };
    let previous = new FieldTexts();
    let list: unknown[] = [];
    const lists: unknown[][] = [];
    for (const item of [odd, 1, 'two', undefined, [3], odd]) {
      list = [...list, item];
      lists.push(list);
    }
    lists.push([1], [2, 1], [2, 1, 'x'], []);
    for (const value of lists) {
      const texts = new FieldTexts(previous.next);
      expect(texts.of('batch', value)).toMatchObject({
        text: JSON.stringify(value),
        hash: hashText(JSON.stringify(value)),
      });
      previous = texts;
    }
  });
});

describe('GIVEN short texts hashed again and again', () => {
  test('THEN each hash is the wyhash of its text, remembered or not', () => {
    const wyhash = (text: string) => Bun.hash(text).toString(16).padStart(16, '0');
    for (let round = 0; round < 2; round += 1) {
      for (let n = 0; n < 5_000; n += 1) expect(hashText(String(n))).toBe(wyhash(String(n)));
    }
    const long = 'x'.repeat(100);
    expect(hashText(long)).toBe(wyhash(long));
  });
});
