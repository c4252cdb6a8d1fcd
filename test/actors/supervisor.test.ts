import { describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { channelEvents, channels, threads } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const settings = {
  ...DEFAULT_CHANNEL_SETTINGS,
  batchSize: 2,
  batchWindowMs: 1_000,
  cooldownMs: 100,
  idleTimeoutMs: 5_000,
};
const { path: openFile, open } = useTempDatabases('ery-supervisor-');

function boot(
  path: string,
  clock = new SimulatedClock(),
  limits = { maxRunning: 10, maxRunningPerGuild: 10 },
) {
  const db = open(path);
  const agent = controllableAgent();
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: agent.logic,
    limits,
    settingsFor: () => settings,
    clock,
  });
  return { db, agent, supervisor, clock };
}

const active = (agent: ReturnType<typeof controllableAgent>) =>
  agent.calls.filter((call) => !call.signal.aborted);

describe('supervisor', () => {
  test('GIVEN messages for two channels THEN each gets its own actor', () => {
    const { supervisor } = boot(openFile());
    supervisor.receive(chatMessage({ channelId: '1' }));
    supervisor.receive(chatMessage({ channelId: '2' }));
    expect(supervisor.channels().map((channel) => channel.channelId)).toEqual(['1', '2']);
    expect(supervisor.actorOf('1')?.getSnapshot().value).toBe('batching');
  });

  test('GIVEN a malformed message THEN it is dropped and nothing else is affected', () => {
    const { supervisor } = boot(openFile());
    supervisor.receive({ ...chatMessage(), id: 'not-a-snowflake' });
    expect(supervisor.channels()).toEqual([]);
  });

  test('GIVEN the global limit WHEN more channels are ready THEN they wait and start in arrival order as permits free', async () => {
    const { supervisor, agent } = boot(openFile(), new SimulatedClock(), {
      maxRunning: 1,
      maxRunningPerGuild: 1,
    });
    for (const channelId of ['1', '2', '3'])
      supervisor.receive(chatMessage({ channelId, mentionsBot: true }));
    await settle();
    expect(active(agent).map((call) => call.input.channelId)).toEqual(['1']);
    supervisor.receive(chatMessage({ channelId: '3' }));
    expect(supervisor.channels().filter((channel) => channel.waitingForPermit)).toHaveLength(2);
    agent.calls[0]?.resolve();
    await settle();
    expect(active(agent).map((call) => call.input.channelId)).toEqual(['1', '2']);
    agent.calls[1]?.resolve();
    await settle();
    expect(agent.calls[2]?.input.channelId).toBe('3');
    expect(agent.calls[2]?.input.messages).toHaveLength(2);
  });

  test('GIVEN a per-server limit THEN another server is not blocked by it', async () => {
    const { supervisor, agent } = boot(openFile(), new SimulatedClock(), {
      maxRunning: 5,
      maxRunningPerGuild: 1,
    });
    supervisor.receive(chatMessage({ channelId: '1', guildId: '10', mentionsBot: true }));
    supervisor.receive(chatMessage({ channelId: '2', guildId: '10', mentionsBot: true }));
    supervisor.receive(chatMessage({ channelId: '3', guildId: '20', mentionsBot: true }));
    await settle();
    expect(agent.calls.map((call) => call.input.channelId)).toEqual(['1', '3']);
    expect(supervisor.stats()).toMatchObject({ running: 2, waiting: 1 });
  });

  test('GIVEN an idle channel WHEN its timeout passes THEN it is reaped, freed and its row marked', async () => {
    const { supervisor, agent, db, clock } = boot(openFile());
    supervisor.receive(chatMessage({ channelId: '1' }));
    supervisor.receive(chatMessage({ channelId: '1' }));
    await settle();
    agent.last.resolve();
    await settle();
    clock.increment(100);
    expect(supervisor.actorOf('1')?.getSnapshot().value).toBe('idle');
    clock.increment(5_000);
    expect(supervisor.actorOf('1')).toBeUndefined();
    supervisor.flush();
    const row = db.select().from(channels).all()[0];
    expect(row?.status).toBe('reaped');
    expect(row?.reapedAt).toBe(5_100);
  });

  test('GIVEN a reaped channel WHEN a new message arrives THEN a fresh actor starts and the event log continues', async () => {
    const { supervisor, agent, db, clock } = boot(openFile());
    supervisor.receive(chatMessage({ channelId: '1', mentionsBot: true }));
    await settle();
    agent.last.resolve();
    await settle();
    clock.increment(100 + 5_000);
    supervisor.receive(chatMessage({ channelId: '1' }));
    supervisor.flush();
    expect(supervisor.actorOf('1')?.getSnapshot().value).toBe('batching');
    const seqs = db
      .select()
      .from(channelEvents)
      .all()
      .map((event) => event.seq);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  });

  test('GIVEN an agent that throws THEN its channel cools down and other channels carry on', async () => {
    const { supervisor, agent, db } = boot(openFile());
    supervisor.receive(chatMessage({ channelId: '1', mentionsBot: true }));
    supervisor.receive(chatMessage({ channelId: '2', mentionsBot: true }));
    await settle();
    agent.calls[0]?.reject(new Error('boom'));
    await settle();
    expect(supervisor.actorOf('1')?.getSnapshot().context.lastThread?.status).toBe('failed');
    expect(supervisor.actorOf('2')?.getSnapshot().value).toBe('running');
    // The event log keeps the error readable (an Error would otherwise be stored as {}).
    supervisor.flush();
    const logged = db
      .select()
      .from(channelEvents)
      .all()
      .find((row) => row.type.startsWith('xstate.error.'));
    expect(logged?.event).toMatchObject({ error: { name: 'Error', message: 'boom' } });
  });

  test('GIVEN threads that start and end THEN each has a row with trigger, messages, status and times', async () => {
    const { supervisor, agent, db, clock } = boot(openFile());
    const first = chatMessage({ channelId: '1' });
    supervisor.receive(first);
    clock.increment(1_000);
    await settle();
    clock.increment(10);
    agent.last.reject(new Error('nope'));
    await settle();
    supervisor.flush();
    expect(db.select().from(threads).all()).toEqual([
      expect.objectContaining({
        channelId: '1',
        trigger: 'window',
        messageIds: [first.id],
        status: 'failed',
        startedAt: 1_000,
        endedAt: 1_010,
        error: 'Error: nope',
      }),
    ]);
  });

  test('GIVEN a real SQLite file WHEN written, closed, reopened and restored THEN batches, queues and threads resume', async () => {
    const path = openFile();
    const clock = new SimulatedClock();
    const before = boot(path, clock);
    const batched = chatMessage({ channelId: '1' });
    before.supervisor.receive(batched);
    before.supervisor.receive(chatMessage({ channelId: '2', mentionsBot: true }));
    await settle();
    const queued = chatMessage({ channelId: '2' });
    before.supervisor.receive(queued);
    clock.increment(400);
    before.supervisor.stop();
    before.db.$client.close();

    const after = boot(path, clock);
    expect(after.supervisor.start()).toBe(2);
    await settle();
    expect(after.supervisor.actorOf('1')?.getSnapshot().context.batch).toEqual([batched]);
    expect(after.supervisor.actorOf('2')?.getSnapshot().context.queue).toEqual([queued]);
    // The interrupted thread runs again, with the same batch.
    expect(after.agent.calls.map((call) => call.input.channelId)).toEqual(['2']);
    // The window timer resumes with its remaining 600 ms.
    clock.increment(599);
    expect(after.supervisor.actorOf('1')?.getSnapshot().value).toBe('batching');
    clock.increment(1);
    await settle();
    expect(after.supervisor.actorOf('1')?.getSnapshot().value).toBe('running');
  });

  test('GIVEN a corrupt stored snapshot THEN the other channels resume and its next message starts it fresh', async () => {
    const path = openFile();
    const before = boot(path);
    before.supervisor.receive(chatMessage({ channelId: '1' }));
    before.supervisor.receive(chatMessage({ channelId: '2' }));
    before.supervisor.stop();
    before.db
      .update(channels)
      .set({ snapshot: { value: 'batching', context: 'garbage' } })
      .where(eq(channels.channelId, '1'))
      .run();

    const after = boot(path);
    expect(after.supervisor.start()).toBe(1);
    expect(after.supervisor.actorOf('2')?.getSnapshot().value).toBe('batching');
    const next = chatMessage({ channelId: '1' });
    after.supervisor.receive(next);
    expect(after.supervisor.actorOf('1')?.getSnapshot().context.batch).toEqual([next]);
  });
});
