import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { RetryBackoff } from '../../actors/supervisor/retry-backoff.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { WatchedStore } from '../../src/app/watched-store.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const settings = {
  ...DEFAULT_CHANNEL_SETTINGS,
  batchSize: 5,
  batchWindowMs: 1_000,
  cooldownMs: 100,
  idleTimeoutMs: 5_000,
};
const { open } = useTempDatabases('ery-storage-faults-');

/** A real supervisor on a real SQLite file whose connection the test can make refuse writes. */
function boot(options: { passivateAfterMs?: number } = {}) {
  const db = open();
  const clock = new SimulatedClock();
  const agent = controllableAgent();
  const { logger, lines } = captureLogger();
  const store = new WatchedStore(createSqliteSnapshotStore(db));
  const supervisor = new Supervisor({
    store,
    agentThread: agent.logic,
    limits: { maxRunning: 10, maxRunningPerGuild: 10 },
    settingsFor: () => settings,
    clock,
    logger,
    ...options,
  });
  supervisor.start();
  const refuse = (on: boolean) => db.$client.exec(`PRAGMA query_only = ${on ? 'ON' : 'OFF'}`);
  const rows = (sql: string) => db.$client.query(sql).all();
  const said = (event: string) => lines.filter((line) => line.event === event).length;
  return { db, clock, agent, supervisor, store, refuse, rows, said };
}

describe('the supervisor on a database that refuses writes', () => {
  test('GIVEN writes refused THEN channels keep working from memory, the failure is logged once for many retries, and everything is written once the database takes writes again', async () => {
    const { supervisor, refuse, rows, said, store } = boot();
    refuse(true);
    const messages = [1, 2, 3].map((n) => chatMessage({ channelId: '1', content: `m${n}` }));
    for (const message of messages) supervisor.receive(message);
    for (let retry = 0; retry < 5; retry += 1) supervisor.flush();
    expect(supervisor.actorOf('1')?.getSnapshot().context.batch).toEqual(messages);
    expect(said('persist.failed')).toBe(1);
    expect(store.health.fault()).toMatchObject({ store: 'snapshots' });
    const pending = supervisor.stats().pendingWrites;
    expect(pending).toBeGreaterThan(0);
    expect(rows('SELECT * FROM channel_events')).toEqual([]);

    refuse(false);
    supervisor.flush();
    expect(said('persist.recovered')).toBe(1);
    expect(store.health.fault()).toBeNull();
    expect(supervisor.stats().pendingWrites).toBe(0);
    const types = rows("SELECT type FROM channel_events WHERE channel_id = '1' ORDER BY seq") as Array<{
      type: string;
    }>;
    expect(types.map((row) => row.type)).toEqual([
      'xstate.init',
      'message.received',
      'message.received',
      'message.received',
    ]);
    expect(rows("SELECT status FROM channels WHERE channel_id = '1'")).toEqual([{ status: 'batching' }]);
  });

  test('GIVEN a channel reaped while writes are refused WHEN its next message arrives THEN it starts fresh from its reaped row in memory, not from an older stored state, and its events follow the pending ones', async () => {
    const { supervisor, clock, agent, refuse, rows } = boot();
    supervisor.receive(chatMessage({ channelId: '1', mentionsBot: true }));
    await settle();
    supervisor.flush(); // stored as running
    refuse(true);
    agent.last.resolve({ threadId: agent.last.input.threadId });
    await settle();
    clock.increment(settings.cooldownMs);
    clock.increment(settings.idleTimeoutMs);
    await settle();
    expect(supervisor.actorOf('1')).toBeUndefined();
    const fresh = chatMessage({ channelId: '1', content: 'after the reap' });
    supervisor.receive(fresh);
    await settle();
    // Restored from the stored `running` row, its thread would have run again.
    expect(agent.calls.length).toBe(1);
    expect(supervisor.actorOf('1')?.getSnapshot().context.batch).toEqual([fresh]);
    refuse(false);
    supervisor.flush();
    const seqs = (
      rows("SELECT seq FROM channel_events WHERE channel_id = '1' ORDER BY seq") as Array<{ seq: number }>
    ).map((row) => row.seq);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    // The fresh actor's events are numbered after those that waited, none lost to a clash.
    expect(rows("SELECT type FROM channel_events WHERE type = 'xstate.init'")).toHaveLength(2);
    expect(rows("SELECT seq FROM channel_events WHERE event LIKE '%after the reap%'")).toHaveLength(1);
    expect(rows("SELECT status FROM channels WHERE channel_id = '1'")).toEqual([{ status: 'batching' }]);
  });

  test('GIVEN writes refused WHEN idle channels are due for passivation THEN they stay in memory until their snapshots can be stored', async () => {
    const { supervisor, clock, agent, refuse } = boot({ passivateAfterMs: 1_000 });
    supervisor.receive(chatMessage({ channelId: '1', mentionsBot: true }));
    await settle();
    agent.last.resolve({ threadId: agent.last.input.threadId });
    await settle();
    refuse(true);
    clock.increment(settings.cooldownMs);
    clock.increment(1_000);
    await settle();
    expect(supervisor.stats()).toMatchObject({ live: 1, passive: 0 });
    refuse(false);
    clock.increment(1_000);
    await settle();
    expect(supervisor.stats()).toMatchObject({ live: 0, passive: 1, pendingWrites: 0 });
  });
});

describe('RetryBackoff', () => {
  test('GIVEN failures in a row THEN the wait doubles from 1 s up to 30 s, the first failure and the recovery are each told once', () => {
    const backoff = new RetryBackoff();
    const waits = Array.from({ length: 8 }, () => backoff.failed());
    expect(waits.map((wait) => wait.retryInMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(waits.map((wait) => wait.first)).toEqual([true, false, false, false, false, false, false, false]);
    expect(backoff.succeeded()).toBe(8);
    expect(backoff.succeeded()).toBe(0);
    expect(backoff.failed().first).toBe(true);
  });
});
