/**
 * What the timeline says of threads (issue 9 walkthrough): a thread cut off by a restart shows when
 * it was last seen and when it resumed, not one duration spanning the downtime; an unknown
 * `--thread` names the channel's threads newest first, with "…" where the list is cut.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { ReplayError } from '../../src/replay/errors.ts';
import { formatTimeline } from '../../src/replay/format.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import {
  closeWorlds,
  START,
  twiceInterruptedThread,
  restartableChannel as world,
} from './restartable-channel.ts';

afterEach(closeWorlds);

describe('GIVEN a thread running when Ery stopped', () => {
  test('WHEN Ery starts again a minute later and the thread ends THEN it shows as interrupted and resumed, with both times', async () => {
    const w = await twiceInterruptedThread();
    const stoppedAt = START + 2_000;
    const timeline = buildTimeline(w.log());
    const [thread] = timeline.threads;
    expect(thread?.status).toBe('done');
    expect(thread?.startedAt).toBe(START);
    // Two restarts while it ran: each is shown, the one after downtime with its gap.
    expect(thread?.interruptions.map((cut) => [cut.lastSeenAt <= stoppedAt, cut.resumedAt])).toEqual([
      [true, stoppedAt],
      [true, stoppedAt + 60_000],
    ]);
    const text = formatTimeline(timeline, { withThreads: true });
    expect(text).toContain('interrupted by a restart: last seen 2025-05-01 10:00:');
    expect(text).toContain('resumed 2025-05-01 10:01:02.000');
    expect(text).not.toContain('took');
  });

  test('WHEN a thread ran without a restart THEN it shows its start, end and how long it took', async () => {
    const w = world();
    await w.mention();
    w.clock.increment(1_500);
    await w.finish();
    const [thread] = buildTimeline(w.log()).threads;
    expect(thread?.interruptions).toEqual([]);
    expect(formatTimeline(buildTimeline(w.log()), { withThreads: true })).toContain('(took 1.500 s)');
  });
});

describe('GIVEN a channel that ran five threads', () => {
  test('WHEN --thread names none of them THEN the error lists them newest first, "…" where it cuts', async () => {
    const w = world();
    for (let i = 0; i < 5; i += 1) {
      await w.mention();
      await w.finish();
    }
    const ids = w.agent.calls.map((call) => call.input.threadId);
    let message = '';
    try {
      buildTimeline(w.log(), { thread: 'thread-nope' });
    } catch (error) {
      message = error instanceof ReplayError ? error.message : String(error);
    }
    expect(message).toContain(`its threads, newest first: ${ids[4]}, ${ids[3]}, ${ids[2]}, … (5 in all)`);
  });
});
