/**
 * What the timeline says of threads (issue 9 walkthrough): a thread cut off by a restart shows when
 * it was last seen and when it resumed, not one duration spanning the downtime; an unknown
 * `--thread` names the channel's threads newest first, with "…" where the list is cut.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { ReplayError } from '../../src/replay/errors.ts';
import { formatTimeline } from '../../src/replay/format.ts';
import { loadChannelLog } from '../../src/replay/load-log.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

const START = Date.UTC(2025, 4, 1, 10);
const CHANNEL = '100';
const open: EryDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.$client.close();
});

/** A real supervisor on a SQLite file and simulated time; `restart()` stops it and starts another. */
function world() {
  const db = openDatabase(':memory:');
  open.push(db);
  const clock = new SimulatedClock();
  clock.set(START);
  const agent = controllableAgent();
  const boot = () =>
    new Supervisor({
      store: createSqliteSnapshotStore(db),
      agentThread: agent.logic,
      limits: { maxRunning: 5, maxRunningPerGuild: 5 },
      settingsFor: () => ({ ...DEFAULT_CHANNEL_SETTINGS, cooldownMs: 100, idleTimeoutMs: 600_000 }),
      clock,
    });
  let supervisor = boot();
  return {
    db,
    clock,
    agent,
    mention: async () => {
      supervisor.receive(chatMessage({ channelId: CHANNEL, mentionsBot: true }));
      await settle();
    },
    finish: async () => {
      agent.last.resolve({ threadId: agent.last.input.threadId });
      await settle();
      clock.increment(100);
    },
    restart: () => {
      supervisor.stop();
      supervisor = boot();
      supervisor.start();
    },
    log: () => {
      supervisor.flush();
      return loadChannelLog(db.$client, CHANNEL, ':memory:');
    },
  };
}

describe('GIVEN a thread running when Ery stopped', () => {
  test('WHEN Ery starts again a minute later and the thread ends THEN it shows as interrupted and resumed, with both times', async () => {
    const w = world();
    await w.mention();
    w.clock.increment(2_000);
    w.restart();
    const stoppedAt = START + 2_000;
    w.clock.increment(60_000);
    w.restart();
    await settle();
    w.clock.increment(500);
    await w.finish();
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
