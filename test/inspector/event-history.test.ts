/**
 * The events a page gets when it opens a channel (and again after a reconnection, Ery restarted
 * or not) carry the state each moved the actor from and to, rebuilt by the replay engine over the
 * log since the actor's last start, in slices, capped (issue 9 walkthrough).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createActorLog } from '../../src/db/actor-log.ts';
import type { EryDatabase } from '../../src/db/client.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import { recentHistory } from '../../src/inspector/event-history.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { CHANNEL, recordChannelLife } from '../replay/recorded-channel.ts';

let db: EryDatabase;
beforeAll(async () => {
  ({ db } = await recordChannelLife());
});
afterAll(() => db.$client.close());

const changes = (events: Array<{ seq?: number; type: string; from?: string | null; to?: string }>) =>
  events.map((event) => `#${event.seq} ${event.type} ${event.from ?? '—'} → ${event.to}`);

describe('GIVEN the log of a channel that was restarted, reaped and started again', () => {
  test('WHEN a page opens it THEN every event since the live actor began carries from → to as the replay has it', async () => {
    const history = await recentHistory(createActorLog(db.$client), CHANNEL);
    const timeline = buildTimeline(loadChannelLog(db.$client, CHANNEL, ':memory:'));
    const start = timeline.steps.findLast((step) => step.event === 'xstate.init');
    const since = timeline.steps.filter((step) => step.seq >= (start?.seq ?? 0));
    expect(history.note).toBeUndefined();
    expect(changes(history.events)).toEqual(
      since.map(
        (step, index) => `#${step.seq} ${step.event} ${index === 0 ? '—' : step.before} → ${step.after}`,
      ),
    );
    expect(history.events.at(-1)?.text).toBe('alice: anyone?');
  });

  test('WHEN the last actor was restored after a restart THEN it resumes in its state and the events after carry theirs', async () => {
    const timeline = buildTimeline(loadChannelLog(db.$client, CHANNEL, ':memory:'));
    const restore = timeline.steps.find((step) => step.origin === 'restored');
    const reap = timeline.steps.find((step) => step.after === 'reaped');
    if (!restore || !reap) throw new Error('the recorded life lacks its restart or its reap');
    // The log as it stood right after the reap: its last actor is the restored one.
    const log = createActorLog(db.$client);
    const history = await recentHistory({ ...log, lastSeq: () => reap.seq }, CHANNEL);
    expect(history.events[0]).toMatchObject({ seq: restore.seq, from: 'cooldown', to: 'cooldown' });
    expect(history.events[0]?.text).toStartWith('restored after a restart');
    expect(changes(history.events.slice(1))).toEqual(
      timeline.steps
        .filter((step) => step.seq > restore.seq && step.seq <= reap.seq)
        .map((step) => `#${step.seq} ${step.event} ${step.before} → ${step.after}`),
    );
  });

  test('WHEN it keeps fewer than the actor logged THEN it reads and replays in slices, yielding between them, keeping the last', async () => {
    let pauses = 0;
    const history = await recentHistory(createActorLog(db.$client), CHANNEL, {
      shown: 2,
      slice: 1,
      pause: async () => {
        pauses += 1;
      },
    });
    expect(history.events.map((event) => event.type)).toEqual(['xstate.init', 'message.received']);
    expect(history.events[1]).toMatchObject({ from: 'idle', to: 'batching' });
    expect(pauses).toBe(1);
  });

  test('WHEN the actor logged more events than the cap THEN the last events come without states and a note says why', async () => {
    const history = await recentHistory(createActorLog(db.$client), CHANNEL, { cap: 1, shown: 3 });
    expect(history.events.map((event) => [event.type, event.to])).toEqual([
      ['idle.elapsed', undefined],
      ['xstate.init', undefined],
      ['message.received', undefined],
    ]);
    expect(history.note).toContain('more than the 1 the inspector replays');
    expect(history.note).toContain(`ery replay ${CHANNEL}`);
  });

  test('WHEN the channel has no log THEN there is nothing to show', async () => {
    expect(await recentHistory(createActorLog(db.$client), '999')).toEqual({ events: [] });
  });
});
