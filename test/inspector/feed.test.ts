import { afterEach, describe, expect, test } from 'bun:test';
import { InspectorFeed } from '../../src/inspector/feed.ts';
import { settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { frameSink, inspectedSupervisor, SETTINGS } from './inspector.fixtures.ts';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A feed whose timer never fires during a test: frames are flushed by hand. */
function feedOf(world: ReturnType<typeof inspectedSupervisor>, options: { maxEvents?: number } = {}) {
  const feed = new InspectorFeed({
    hub: world.hub,
    source: world.supervisor,
    frameMs: 3_600_000,
    ...options,
  });
  stops.push(() => world.supervisor.stop());
  return feed;
}

function watch(feed: InspectorFeed, focus: string | null) {
  const sink = frameSink();
  const stop = feed.watch(focus, sink.send);
  stops.push(stop);
  return Object.assign(sink, { stop });
}

describe('inspector feed', () => {
  test('GIVEN nobody watches THEN the hub has no listener, so an event costs one size check', () => {
    const world = inspectedSupervisor();
    const feed = feedOf(world);
    world.supervisor.receive(chatMessage({ channelId: '7' }));
    expect(world.hub.listeners).toBe(0);
    const viewer = watch(feed, null);
    expect(world.hub.listeners).toBe(1);
    viewer.stop();
    expect(world.hub.listeners).toBe(0);
    expect(feed.watching).toBe(0);
  });

  test('GIVEN a page opens THEN its first frame is full: every live channel and the supervisor state', () => {
    const world = inspectedSupervisor();
    const feed = feedOf(world);
    world.supervisor.start();
    world.supervisor.receive(chatMessage({ channelId: '7', guildId: '70' }));
    world.supervisor.receive(chatMessage({ channelId: '8', guildId: '80' }));
    const viewer = watch(feed, null);
    expect(viewer.frames).toHaveLength(1);
    expect(viewer.last).toMatchObject({ full: true, supervisor: { state: 'serving' } });
    expect(viewer.last.channels.map((row) => [row.channelId, row.guildId, row.state, row.batch])).toEqual([
      ['7', '70', 'batching', 1],
      ['8', '80', 'batching', 1],
    ]);
  });

  test('GIVEN a burst of events in one frame THEN the frame carries each channel once, with its latest sizes', async () => {
    const world = inspectedSupervisor();
    const feed = feedOf(world);
    const viewer = watch(feed, null);
    // A thread runs (permits are granted a microtask later), so the rest queue: 200 events, one frame.
    world.supervisor.receive(chatMessage({ channelId: '7', mentionsBot: true }));
    await settle();
    for (let i = 0; i < 200; i += 1) world.supervisor.receive(chatMessage({ channelId: '7' }));
    world.supervisor.receive(chatMessage({ channelId: '9' }));
    feed.flush();
    const frame = viewer.last;
    expect(frame.full).toBe(false);
    expect(frame.channels.map((row) => [row.channelId, row.state, row.batch, row.queue])).toEqual([
      ['7', 'running', 0, 200],
      ['9', 'batching', 1, 0],
    ]);
    // Nothing changed since: no frame at all.
    feed.flush();
    expect(viewer.frames).toHaveLength(2);
    await settle();
  });

  test('GIVEN a focused channel THEN its frames carry its detail and every event with its state from → to', async () => {
    const world = inspectedSupervisor();
    const feed = feedOf(world);
    world.supervisor.receive(chatMessage({ channelId: '7', content: 'first' }));
    const viewer = watch(feed, '7');
    expect(viewer.last.focus?.detail).toMatchObject({
      state: 'batching',
      batch: { size: 1, messages: [{ content: 'first', authorName: 'alice' }] },
    });
    expect(viewer.last.focus?.detail?.timers).toEqual([
      expect.objectContaining({ name: 'batchWindow', event: 'batch.window.elapsed' }),
    ]);
    world.supervisor.receive(chatMessage({ channelId: '7', content: 'second' }));
    world.supervisor.receive(chatMessage({ channelId: '8' }));
    await settle();
    feed.flush();
    const focus = viewer.last.focus;
    expect(focus?.detail).toMatchObject({
      state: 'running',
      batch: { size: 0 },
      thread: { trigger: 'count' },
    });
    expect(focus?.detail?.timers.map((timer) => timer.name)).toEqual(['thread']);
    expect(focus?.events.map((event) => [event.type, event.from, event.to])).toEqual([
      ['message.received', 'batching', 'batching'],
      ['permit.granted', 'batching', 'running'],
    ]);
    expect(focus?.events[0]).toMatchObject({ type: 'message.received', text: 'alice: second' });
    // The other channel changed too: a row, but none of its events.
    expect(viewer.last.channels.map((row) => row.channelId)).toEqual(['7', '8']);
    world.agent.last.resolve({ threadId: 'x' });
    await settle();
    feed.flush();
    expect(viewer.last.focus?.events.map((event) => [event.from, event.to])).toEqual([
      ['running', 'cooldown'],
    ]);
    expect(viewer.last.focus?.detail?.timers[0]).toMatchObject({
      name: 'cooldown',
      deadline: (viewer.last.focus?.detail?.timers[0]?.startedAt ?? 0) + SETTINGS.cooldownMs,
    });
  });

  test('GIVEN more events than a frame keeps THEN the rest are counted as dropped', async () => {
    const world = inspectedSupervisor();
    const feed = feedOf(world, { maxEvents: 10 });
    world.supervisor.receive(chatMessage({ channelId: '7', mentionsBot: true }));
    await settle();
    const viewer = watch(feed, '7');
    for (let i = 0; i < 25; i += 1) world.supervisor.receive(chatMessage({ channelId: '7' }));
    feed.flush();
    expect(viewer.last.focus?.events).toHaveLength(10);
    expect(viewer.last.focus?.dropped).toBe(15);
    expect(viewer.last.channels[0]?.queue).toBe(25);
  });

  test('GIVEN a channel reaped THEN the next frame lists it as reaped, its detail its reaped state', async () => {
    const world = inspectedSupervisor();
    const feed = feedOf(world);
    world.supervisor.receive(chatMessage({ channelId: '7' }));
    const viewer = watch(feed, '7');
    world.clock.increment(SETTINGS.batchWindowMs);
    await settle();
    feed.flush();
    expect(viewer.last.channels.map((row) => row.state)).toEqual(['running']);
    world.agent.last.resolve({ threadId: 'x' });
    await settle();
    world.clock.increment(SETTINGS.cooldownMs);
    world.clock.increment(SETTINGS.idleTimeoutMs);
    feed.flush();
    expect(viewer.last.gone).toEqual([]);
    expect(viewer.last.channels).toEqual([
      expect.objectContaining({ channelId: '7', state: 'reaped', reapedAt: expect.any(Number) }),
    ]);
    expect(viewer.last.focus).toMatchObject({
      channelId: '7',
      live: false,
      detail: { state: 'reaped', timers: [], lastThread: { status: 'done' } },
    });
    expect(viewer.last.focus?.events.map((event) => `${event.from} → ${event.to}`)).toEqual([
      'running → cooldown',
      'cooldown → idle',
      'idle → reaped',
    ]);
  });

  test("GIVEN the supervisor's lifecycle moves THEN frames carry its transitions, each from → to", () => {
    const world = inspectedSupervisor();
    const feed = feedOf(world);
    const viewer = watch(feed, null);
    expect(viewer.last.supervisor?.state).toBe('resuming');
    world.supervisor.start();
    feed.flush();
    expect(viewer.last.supervisor).toMatchObject({
      state: 'serving',
      events: [{ type: 'supervisor.resumed', from: 'resuming', to: 'serving', text: '0 channels resumed' }],
    });
  });
});
