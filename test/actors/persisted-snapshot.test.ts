import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { createChannelActor } from '../../actors/channel-actor.ts';
import { serialisedSnapshot } from '../../actors/supervisor/checkpoint.ts';
import { persistedSnapshot } from '../../actors/supervisor/persisted-snapshot.ts';
import { CachedValueTexts } from '../../actors/supervisor/value-texts.ts';
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

  test('THEN texts remembered across writes give the same JSON and digest as computed afresh', async () => {
    const texts = new CachedValueTexts();
    await everyState((step, actor) => {
      const snapshot = persistedSnapshot(actor);
      const cached = serialisedSnapshot(snapshot, texts);
      const fresh = serialisedSnapshot(actor.getPersistedSnapshot());
      expect({ step, ...cached }).toEqual({ step, ...fresh });
      expect(JSON.parse(cached.json)).toEqual(JSON.parse(JSON.stringify(actor.getPersistedSnapshot())));
    });
  });
});

describe('GIVEN arrays holding what JSON cannot', () => {
  test('THEN their remembered text is JSON.stringify’s', () => {
    const texts = new CachedValueTexts();
    const odd = [undefined, () => 1, null, 1, 'two', [3, undefined], { a: undefined, b: new Date(0) }];
    expect(texts.of(odd).text).toBe(JSON.stringify(odd));
    expect(texts.of(odd)).toEqual(texts.of(odd));
    expect(texts.of([]).text).toBe('[]');
    expect(texts.of(undefined).text).toBeUndefined();
  });
});
