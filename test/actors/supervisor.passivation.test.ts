import { describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import { channelEvents, channels } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { verifyLog } from '../../src/replay/verify.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const databases = useTempDatabases('ery-passivation-');
const settings = { ...DEFAULT_CHANNEL_SETTINGS, batchSize: 1, cooldownMs: 100, idleTimeoutMs: 10_000 };

function boot(passivateAfterMs = 2_000, idleTimeoutMs = settings.idleTimeoutMs) {
  const db = databases.open();
  const passivated: number[] = [];
  const clock = new SimulatedClock();
  clock.set(1_700_000_000_000);
  const agent = controllableAgent();
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: agent.logic,
    limits: { maxRunning: 10, maxRunningPerGuild: 10 },
    settingsFor: () => ({ ...settings, idleTimeoutMs }),
    clock,
    passivateAfterMs,
    onPassivated: (count) => passivated.push(count),
  });
  const status = (channelId: string) =>
    db.select({ status: channels.status }).from(channels).where(eq(channels.channelId, channelId)).get()
      ?.status;
  const events = (channelId: string) =>
    db
      .select({ type: channelEvents.type })
      .from(channelEvents)
      .where(eq(channelEvents.channelId, channelId))
      .orderBy(channelEvents.seq)
      .all()
      .map((row) => row.type);
  return { db, clock, agent, supervisor, status, events, passivated };
}

/** One message answered: batch of one → running → the thread ends → cooldown → idle. */
async function answerOne(world: ReturnType<typeof boot>, id: string) {
  world.supervisor.receive(chatMessage({ id, channelId: '1' }));
  await settle();
  world.agent.calls.at(-1)?.resolve();
  await settle();
  world.clock.increment(settings.cooldownMs);
  await settle();
  expect(world.supervisor.actorOf('1')?.getSnapshot().value).toBe('idle');
}

describe('passivating idle channels', () => {
  test('GIVEN a channel idle past passivateAfterMs THEN its actor leaves memory with its idle row stored; its next message restores it', async () => {
    const world = boot();
    await answerOne(world, '11');
    expect(world.passivated).toEqual([]);
    world.clock.increment(2_000);
    expect(world.supervisor.actorOf('1')).toBeUndefined();
    // The app is told, once per sweep, how many actors left memory (it gives their memory back).
    expect(world.passivated).toEqual([1]);
    expect(world.supervisor.stats()).toMatchObject({ live: 0, passive: 1 });
    expect(world.status('1')).toBe('idle');

    world.supervisor.receive(chatMessage({ id: '12', channelId: '1' }));
    await settle();
    expect(world.supervisor.stats()).toMatchObject({ live: 1, passive: 0 });
    expect(world.agent.calls.at(-1)?.input.messages.map((message) => message.id)).toEqual(['12']);
    expect(world.supervisor.actorOf('1')?.getSnapshot().context.threadsRun).toBe(1);
    world.supervisor.stop();
  });

  test('GIVEN a passive channel WHEN its idle timeout is due THEN its machine reaps it, and replay verifies the whole log', async () => {
    const world = boot();
    await answerOne(world, '11');
    world.clock.increment(2_000);
    expect(world.supervisor.stats().passive).toBe(1);
    world.clock.increment(settings.idleTimeoutMs);
    // Restored at its deadline, the machine's idle timer is due at once (on the simulated clock,
    // at its next tick).
    world.clock.increment(1);
    await settle();
    world.supervisor.flush();
    expect(world.status('1')).toBe('reaped');
    expect(world.supervisor.stats()).toMatchObject({ live: 0, passive: 0 });
    expect(world.events('1').slice(-1)).toEqual(['idle.elapsed']);
    // Created, then restored by the sweep to be reaped.
    expect(world.events('1').filter((type) => type === 'xstate.init')).toHaveLength(2);
    const verification = await verifyLog(loadChannelLog(world.db.$client, '1', ':memory:'));
    expect({ ok: verification.ok, divergence: verification.divergence }).toEqual({
      ok: true,
      divergence: null,
    });
    expect(verification.checked.restores).toBeGreaterThan(0);
    world.supervisor.stop();
  });

  test('GIVEN an idle timeout no longer than passivateAfterMs THEN the channel is never passivated and its own timer reaps it', async () => {
    const world = boot(5_000, 3_000);
    await answerOne(world, '11');
    world.clock.increment(3_000);
    await settle();
    world.supervisor.flush();
    expect(world.status('1')).toBe('reaped');
    // One actor from start to reap: never stopped and restored.
    expect(world.events('1').filter((type) => type === 'xstate.init')).toHaveLength(1);
    expect(world.supervisor.stats()).toMatchObject({ live: 0, passive: 0 });
    world.supervisor.stop();
  });
});
