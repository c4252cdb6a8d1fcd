import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { EryDatabase } from '../../src/db/client.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import type { ChannelLog } from '../../src/replay/channel-log.ts';
import { ReplayError } from '../../src/replay/errors.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { CHANNEL, recordChannelLife } from './recorded-channel.ts';

const START = Date.UTC(2025, 4, 1, 10);
let db: EryDatabase;
let threads: string[];
let log: ChannelLog;

beforeAll(async () => {
  ({ db, threads } = await recordChannelLife(START));
  log = loadChannelLog(db.$client, CHANNEL, ':memory:');
});
afterAll(() => db.$client.close());

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof ReplayError ? error.code : String(error);
  }
  return 'no error';
};

describe('GIVEN the log of a channel’s life', () => {
  test('WHEN its timeline is built THEN every step reads as it happened, restarts and reaps included', () => {
    const timeline = buildTimeline(log);
    expect(
      timeline.steps.map(
        (step) => `${step.event} ${step.before ?? '—'}→${step.after} ${step.batch}/${step.queue}`,
      ),
    ).toEqual([
      'xstate.init —→idle 0/0',
      'message.received idle→batching 1/0',
      'message.received batching→batching 2/0',
      'batch.window.elapsed batching→batching 2/0',
      'permit.granted batching→running 0/0',
      'xstate.done.actor.agentThread running→cooldown 0/0',
      'cooldown.elapsed cooldown→idle 0/0',
      'config.updated idle→idle 0/0',
      'message.received idle→batching 1/0',
      'permit.granted batching→running 0/0',
      'xstate.error.actor.agentThread running→cooldown 0/0',
      'xstate.init cooldown→cooldown 0/0',
      'timers.rearm cooldown→cooldown 0/0',
      'config.updated cooldown→cooldown 0/0',
      'cooldown.elapsed cooldown→idle 0/0',
      'idle.elapsed idle→reaped 0/0',
      'xstate.init reaped→idle 0/0',
      'message.received idle→batching 1/0',
    ]);
    expect(timeline.steps.filter((step) => step.origin).map((step) => step.origin)).toEqual([
      'fresh',
      'restored',
      'fresh',
    ]);
    expect(timeline.steps[1]).toMatchObject({
      seq: 2,
      at: START,
      time: '2025-05-01T10:00:00.000Z',
      detail: 'alice: "first"',
    });
    expect(timeline.steps[4]).toMatchObject({ thread: threads[0], started: threads[0] });
    expect(timeline.steps[10]).toMatchObject({
      ended: { thread: threads[1], status: 'failed' },
      detail: 'thread failed: Error LLM_UNAVAILABLE: the model is down',
    });
    expect(timeline.threads.map((thread) => [thread.trigger, thread.status, thread.messages])).toEqual([
      ['window', 'done', 2],
      ['mention', 'failed', 1],
    ]);
  });

  test('WHEN it is cut by sequence numbers, by times or to one thread THEN only those steps are shown', () => {
    expect(buildTimeline(log, { from: { seq: 5 }, to: { seq: 7 } }).steps.map((step) => step.seq)).toEqual([
      5, 6, 7,
    ]);
    const late = buildTimeline(log, { from: { at: START + 1_000 }, to: { at: START + 1_000 } });
    expect(late.steps.map((step) => step.event)).toEqual([
      'batch.window.elapsed',
      'permit.granted',
      'xstate.done.actor.agentThread',
    ]);
    const second = buildTimeline(log, { thread: threads[1] as string });
    expect(second.steps.map((step) => step.event)).toEqual([
      'permit.granted',
      'xstate.error.actor.agentThread',
    ]);
    expect(second.threads.map((thread) => thread.id)).toEqual([threads[1] as string]);
  });

  test('WHEN asked for snapshots THEN each step carries its state as plain JSON a viewer can step through', () => {
    const timeline = buildTimeline(log, { snapshots: true });
    expect(JSON.parse(JSON.stringify(timeline))).toEqual(timeline);
    expect(timeline.steps[2]?.state).toMatchObject({
      value: 'batching',
      context: { batch: [{ content: 'first' }, { content: 'second' }] },
    });
  });

  test('WHEN the thread is unknown, the range empty or the log lost its start THEN a typed error says so', () => {
    expect(codeOf(() => buildTimeline(log, { thread: 'thread-nope' }))).toBe('UNKNOWN_THREAD');
    expect(codeOf(() => buildTimeline(log, { from: { seq: 999 } }))).toBe('EMPTY_RANGE');
    expect(codeOf(() => buildTimeline({ ...log, events: log.events.slice(1) }))).toBe('NO_START');
  });
});
