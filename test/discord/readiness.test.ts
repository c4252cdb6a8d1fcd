import { describe, expect, test } from 'bun:test';
import { actionsWhenReady } from '../../src/discord/actions-when-ready.ts';
import { DiscordReadiness } from '../../src/discord/readiness.ts';
import { FakeDiscordActions } from '../support/fake-discord-actions.ts';
import { IDS, WORLD_WITH_HISTORY } from '../tools/fixtures/world.ts';

/** A macrotask later: every microtask of an in-memory call has run by then. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('Discord readiness (busy threads resume before the gateway is ready)', () => {
  test('GIVEN waits before ready THEN each resolves when Discord is ready, and later ones at once', async () => {
    const readiness = new DiscordReadiness();
    const order: string[] = [];
    const first = readiness.wait().then(() => order.push('first'));
    const second = readiness.wait(new AbortController().signal).then(() => order.push('second'));
    await settled();
    expect(order).toEqual([]);
    readiness.markReady();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(readiness.ready).toBe(true);
    await readiness.wait();
  });

  test('GIVEN the caller stops while waiting THEN the wait rejects with its reason; one already stopped rejects at once', async () => {
    const readiness = new DiscordReadiness();
    const controller = new AbortController();
    const waiting = readiness.wait(controller.signal);
    controller.abort(new Error('thread stopped'));
    await expect(waiting).rejects.toThrow('thread stopped');
    await expect(readiness.wait(controller.signal)).rejects.toThrow('thread stopped');
  });

  test('GIVEN actions called before ready THEN none reaches Discord until it is ready; Ery’s own id is passed through', async () => {
    const readiness = new DiscordReadiness();
    const fake = new FakeDiscordActions(WORLD_WITH_HISTORY);
    const actions = actionsWhenReady(fake, readiness);
    expect(actions.botUserId).toBe(fake.botUserId);
    const sent = actions.sendMessage({ channelId: IDS.general, content: 'after ready' });
    const stopped = new AbortController();
    const typing = actions.sendTyping({ channelId: IDS.general }, stopped.signal);
    await settled();
    expect(fake.mutations).toEqual([]);
    stopped.abort(new Error('thread ended'));
    await expect(typing).rejects.toThrow('thread ended');
    readiness.markReady();
    await sent;
    expect(fake.mutations.map((mutation) => mutation.method)).toEqual(['sendMessage']);
    // Once ready, a call goes straight through.
    await actions.addReaction({ channelId: IDS.general, messageId: IDS.batch.modAsks, emoji: '👍' });
    expect(fake.mutations.map((mutation) => mutation.method)).toEqual(['sendMessage', 'addReaction']);
  });
});
