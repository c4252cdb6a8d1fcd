import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import type { TimedOutThread } from '../../actors/supervisor/supervisor.types.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { threads } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

/** Issue 7 §4: a thread the channel machine stops at its deadline must not end in silence. */
const settings = { ...DEFAULT_CHANNEL_SETTINGS, cooldownMs: 100, threadTimeoutMs: 3_000 };
const { path: openFile, open } = useTempDatabases('ery-deadline-');

function boot(path: string, clock: SimulatedClock) {
  const db = open(path);
  const agent = controllableAgent();
  const { logger, lines } = captureLogger();
  const timedOut: TimedOutThread[] = [];
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: agent.logic,
    limits: { maxRunning: 10, maxRunningPerGuild: 10 },
    settingsFor: () => settings,
    clock,
    logger,
    onThreadTimedOut: (thread) => {
      timedOut.push(thread);
    },
  });
  return { db, agent, supervisor, lines, timedOut };
}

const warnings = (lines: Array<Record<string, unknown>>) =>
  lines.filter((line) => line.event === 'thread.timed_out' && line.level === 40);

describe('GIVEN a mention and a thread that outlives ERY_THREAD_TIMEOUT_MS', () => {
  test('WHEN the machine stops it THEN the thread is aborted, reported once with its batch, and a warning names it', async () => {
    const clock = new SimulatedClock();
    const { supervisor, agent, lines, timedOut, db } = boot(openFile(), clock);
    const mention = chatMessage({ channelId: '1', mentionsBot: true });
    supervisor.receive(mention);
    await settle();
    const running = agent.last;
    const threadId = supervisor.actorOf('1')?.getSnapshot().context.thread?.id;
    clock.increment(3_000);
    await settle();

    expect(running.signal.aborted).toBe(true);
    expect(timedOut).toEqual([
      {
        channelId: '1',
        guildId: '10',
        threadId: threadId as string,
        messages: [mention],
        deadline: 3_000,
        timeoutMs: 3_000,
      },
    ]);
    expect(warnings(lines)).toEqual([
      expect.objectContaining({ channelId: '1', threadId, deadline: 3_000, timeoutMs: 3_000 }),
    ]);
    supervisor.flush();
    expect(
      db
        .select()
        .from(threads)
        .all()
        .map((row) => row.status),
    ).toEqual(['timed_out']);

    // Later transitions of the channel do not report the same thread again.
    clock.increment(100);
    supervisor.receive(chatMessage({ channelId: '1' }));
    await settle();
    expect(timedOut).toHaveLength(1);
  });

  test('WHEN the thread fails on its own before the deadline THEN nothing is reported as timed out', async () => {
    const clock = new SimulatedClock();
    const { supervisor, agent, lines, timedOut } = boot(openFile(), clock);
    supervisor.receive(chatMessage({ channelId: '1', mentionsBot: true }));
    await settle();
    agent.last.reject(new Error('model down'));
    await settle();
    clock.increment(3_000);
    expect(timedOut).toEqual([]);
    expect(warnings(lines)).toEqual([]);
  });

  test('WHEN Ery stops during the thread and restarts after its deadline THEN the thread resumes with its whole timeout from the restart, and only then times out, once', async () => {
    const path = openFile();
    const clock = new SimulatedClock();
    const before = boot(path, clock);
    const mention = chatMessage({ channelId: '1', mentionsBot: true });
    before.supervisor.receive(mention);
    await settle();
    expect(before.agent.last.input.deadline).toBe(3_000);
    before.supervisor.stop();
    expect(before.timedOut).toEqual([]);
    before.db.$client.close();

    // Down for longer than the whole timeout: the downtime is not the thread's.
    clock.increment(5_000);
    const after = boot(path, clock);
    after.supervisor.start();
    clock.increment(0);
    await settle();
    expect(after.timedOut).toEqual([]);
    expect(after.agent.last.input.deadline).toBe(8_000);
    expect(after.supervisor.actorOf('1')?.getSnapshot().context.thread?.resumedAt).toBe(5_000);
    clock.increment(2_999);
    await settle();
    expect(after.timedOut).toEqual([]);
    expect(after.agent.last.signal.aborted).toBe(false);
    clock.increment(1);
    await settle();
    expect(after.timedOut.map((thread) => [thread.messages, thread.deadline])).toEqual([[[mention], 8_000]]);
    expect(warnings(after.lines)).toHaveLength(1);
  });
});
