/**
 * What a page opened at any time gets (issue 9 walkthrough): the channels reaped a while ago still
 * listed, one of them in detail from its stored row; the supervisor's transitions since start-up;
 * and, when Ery stops, its draining and stopped states in a last frame before the stream ends.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { RecentlyReaped } from '../../src/app/recently-reaped.ts';
import { createChannelHistory } from '../../src/db/channel-history.ts';
import type { ChannelSnapshot } from '../../src/inspector/channel-view.ts';
import { InspectorFeed } from '../../src/inspector/feed.ts';
import { settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { frameSink, inspectedSupervisor, SETTINGS } from './inspector.fixtures.ts';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A feed as the handler builds it, its timer never firing during a test. */
function feedOf(world: ReturnType<typeof inspectedSupervisor>) {
  const history = createChannelHistory(world.db);
  stops.push(() => world.supervisor.stop());
  return new InspectorFeed({
    hub: world.hub,
    source: world.supervisor,
    reaped: () => world.reaped.list(),
    lifecycle: () => world.lifecycle.entries(),
    stored: (channelId) => (history.stored(channelId)?.snapshot ?? null) as ChannelSnapshot | null,
    frameMs: 3_600_000,
  });
}

/** Runs channel `id` through one thread to its reaping. */
async function reap(world: ReturnType<typeof inspectedSupervisor>, id: string): Promise<void> {
  world.supervisor.receive(chatMessage({ channelId: id, mentionsBot: true }));
  await settle();
  world.agent.last.resolve({ threadId: 'x' });
  await settle();
  world.clock.increment(SETTINGS.cooldownMs);
  world.clock.increment(SETTINGS.idleTimeoutMs);
  world.supervisor.flush();
}

describe('GIVEN channels reaped before the page opened', () => {
  test('WHEN it opens with no channel THEN they are listed as reaped beside the live ones, newest first', async () => {
    const world = inspectedSupervisor();
    world.supervisor.start();
    await reap(world, '7');
    await reap(world, '8');
    world.supervisor.receive(chatMessage({ channelId: '9' }));
    const sink = frameSink();
    stops.push(feedOf(world).watch(null, sink.send));
    expect(sink.last.focus).toBeUndefined();
    expect(sink.last.channels.map((row) => [row.channelId, row.state, row.reapedAt !== null])).toEqual([
      ['9', 'batching', false],
      ['8', 'reaped', true],
      ['7', 'reaped', true],
    ]);
  });

  test('WHEN one of them is opened THEN its detail comes from its stored row, not live', async () => {
    const world = inspectedSupervisor();
    await reap(world, '7');
    const sink = frameSink();
    stops.push(feedOf(world).watch('7', sink.send));
    expect(sink.last.focus).toMatchObject({
      channelId: '7',
      live: false,
      detail: { state: 'reaped', timers: [], threadsRun: 1, lastThread: { status: 'done' } },
    });
  });

  test('WHEN Ery restarts THEN those reaped before are still listed, read once from the database, newest first', async () => {
    const world = inspectedSupervisor();
    await reap(world, '7');
    world.clock.increment(1_000);
    await reap(world, '8');
    const history = createChannelHistory(world.db);
    const afterRestart = new RecentlyReaped((limit) => history.reaped(limit));
    afterRestart.note({ channelId: '9', guildId: '10', status: 'reaped', reapedAt: 5e12, updatedAt: 5e12 });
    expect(afterRestart.list().map((row) => row.channelId)).toEqual(['9', '8', '7']);
  });

  test('WHEN a reaped channel speaks again THEN it leaves the reaped list', async () => {
    const world = inspectedSupervisor();
    await reap(world, '7');
    world.supervisor.receive(chatMessage({ channelId: '7' }));
    world.supervisor.flush();
    expect(world.reaped.list()).toEqual([]);
  });
});

describe('GIVEN a channel idle long enough to be passivated (out of memory until its next message)', () => {
  test('WHEN it is passivated with a page open, or a page opens after THEN it stays listed, idle and passive', async () => {
    const world = inspectedSupervisor({ passivateAfterMs: 5_000 });
    world.supervisor.receive(chatMessage({ channelId: '7', mentionsBot: true }));
    await settle();
    world.agent.last.resolve({ threadId: 'x' });
    await settle();
    world.clock.increment(SETTINGS.cooldownMs);
    const feed = feedOf(world);
    const watching = frameSink();
    stops.push(feed.watch('7', watching.send));
    world.clock.increment(6_000);
    feed.flush();
    expect(world.supervisor.actorOf('7')).toBeUndefined();
    expect(watching.last.gone).toEqual([]);
    expect(watching.last.channels).toEqual([
      expect.objectContaining({ channelId: '7', state: 'idle', passive: true }),
    ]);
    expect(watching.last.focus).toMatchObject({ live: false, detail: { state: 'idle' } });
    const later = frameSink();
    stops.push(feed.watch(null, later.send));
    expect(later.last.channels).toEqual([
      expect.objectContaining({ channelId: '7', state: 'idle', passive: true }),
    ]);
  });
});

describe('GIVEN the supervisor resumed channels and serves', () => {
  test('WHEN a page opens later THEN it gets the lifecycle since start-up: when it resumed, and how many', async () => {
    const world = inspectedSupervisor();
    world.clock.increment(1_000);
    world.supervisor.start();
    const sink = frameSink();
    stops.push(feedOf(world).watch(null, sink.send));
    expect(sink.last.supervisor?.state).toBe('serving');
    expect(
      sink.last.supervisor?.events.map((event) => [event.type, event.from, event.to, event.text, event.at]),
    ).toEqual([
      ['xstate.init', null, 'resuming', '', 0],
      ['supervisor.resumed', 'resuming', 'serving', '0 channels resumed', 1_000],
    ]);
  });

  test('WHEN Ery stops THEN open pages get draining and stopped in a last frame, and their streams end', () => {
    const world = inspectedSupervisor();
    world.supervisor.start();
    world.supervisor.receive(chatMessage({ channelId: '7' }));
    const feed = feedOf(world);
    const sink = frameSink();
    let ended = 0;
    feed.watch('7', sink.send, () => {
      ended += 1;
    });
    world.supervisor.stop();
    feed.shutdown();
    const [changes, last] = sink.frames.slice(-2);
    expect(changes?.supervisor?.events.map((event) => `${event.from} → ${event.to}`)).toEqual([
      'serving → draining',
      'draining → stopped',
    ]);
    // Its channels were not reaped: they resume at the next start, so they stay listed.
    expect(changes?.gone).toEqual([]);
    expect(last?.end).toBe('stopping');
    expect(ended).toBe(1);
  });
});
