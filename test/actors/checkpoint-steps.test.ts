import { afterEach, describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { snapshotDigest } from '../../actors/supervisor/checkpoint.ts';
import { CheckpointSteps } from '../../actors/supervisor/checkpoint-steps.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import type { ChannelLog } from '../../src/replay/channel-log.ts';
import { verifyLog } from '../../src/replay/verify.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

const databases: EryDatabase[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.$client.close();
});

/** A channel that collects a batch of 3 one message a tick, runs its thread and queues 2 more. */
async function busyChannel() {
  const db = openDatabase(':memory:');
  databases.push(db);
  const agent = controllableAgent();
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: agent.logic,
    limits: { maxRunning: 5, maxRunningPerGuild: 5 },
    settingsFor: () => ({ ...DEFAULT_CHANNEL_SETTINGS, batchSize: 3 }),
    clock: new SimulatedClock(),
  });
  supervisor.start();
  const send = async (id: string) => {
    supervisor.receive(chatMessage({ id, channelId: '100', content: `message ${id}` }));
    await settle();
    supervisor.flush();
  };
  for (const id of ['1', '2', '3', '4', '5']) await send(id);
  agent.last.resolve({ threadId: 'x' });
  await settle();
  supervisor.flush();
  const rows = (sql: string) => db.$client.query(sql).all('100') as Array<{ seq: number; type: string }>;
  const checkpoints = rows('SELECT seq FROM channel_checkpoints WHERE channel_id = ? ORDER BY seq').map(
    (row) => row.seq,
  );
  const events = rows('SELECT seq, type FROM channel_events WHERE channel_id = ? ORDER BY seq');
  const log = loadChannelLog(db.$client, '100', ':memory:');
  supervisor.stop();
  return { checkpoints, events, log };
}

const seqOf = (events: Array<{ seq: number; type: string }>, type: string, nth = 1) =>
  events.filter((event) => event.type === type)[nth - 1]?.seq as number;

describe('GIVEN messages written one tick each', () => {
  test('WHEN one opens a batch or a queue THEN its write has a checkpoint; WHEN one joins it THEN its write has none', async () => {
    const { checkpoints, events } = await busyChannel();
    const received = (nth: number) => seqOf(events, 'message.received', nth);
    // 1 opens the batch, 2 joins it, 3 makes it ready and is written with the permit that starts
    // its thread, 4 opens the queue, 5 joins it; then the thread ends.
    expect(checkpoints).toEqual([
      received(1),
      seqOf(events, 'permit.granted'),
      received(4),
      seqOf(events, 'xstate.done.actor.agentThread'),
    ]);
  });

  test('WHEN the log is verified THEN it matches; WHEN a message that joined a batch is altered THEN the next checkpoint diverges, naming the thread', async () => {
    const { events, log } = await busyChannel();
    expect((await verifyLog(log)).ok).toBe(true);
    const joined = seqOf(events, 'message.received', 2);
    const altered: ChannelLog = {
      ...log,
      events: log.events.map((event) =>
        event.seq === joined
          ? {
              ...event,
              event: { ...event.event, message: { ...(event.event.message as object), content: 'forged' } },
            }
          : event,
      ),
    };
    const result = await verifyLog(altered);
    expect(result.divergence).toMatchObject({ seq: seqOf(events, 'permit.granted'), against: 'checkpoint' });
    expect(result.divergence?.differences.join('\n')).toContain('context.thread');
  });
});

describe('GIVEN the step of a channel’s last checkpoint', () => {
  const first = chatMessage({ id: '1', channelId: '100' });
  const second = chatMessage({ id: '2', channelId: '100' });
  const base = {
    channelId: '100',
    settings: { batchSize: 3, cooldownMs: 100 },
    batch: [first],
    batchOpenedAt: 5,
    thread: null,
    lastMessageId: '1',
  };
  const steps = new CheckpointSteps();
  const owner = {};
  /** Whether a write of `context` in `value` carries a checkpoint; its digest is checked too. */
  const checkpointed = (context: Record<string, unknown>, value = 'batching') => {
    const snapshot = { status: 'active', value, context };
    const { chosen, written } = steps.pick([{ snapshot, owner, busy: true }]);
    written();
    for (const { digest } of chosen) expect(digest).toEqual(snapshotDigest(snapshot));
    return chosen.length === 1;
  };

  test('THEN a write that changes only the messages collected carries none, and any other change one', () => {
    expect(checkpointed(base)).toBe(true);
    expect(checkpointed({ ...base, batch: [first, second], lastMessageId: '2' })).toBe(false);
    // Another object of the same JSON is the same step; another JSON is not.
    expect(checkpointed({ ...base, settings: { batchSize: 3, cooldownMs: 100 } })).toBe(false);
    expect(checkpointed({ ...base, settings: { batchSize: 4, cooldownMs: 100 } })).toBe(true);
    const now = { ...base, settings: { batchSize: 4, cooldownMs: 100 } };
    expect(checkpointed({ ...now, batchOpenedAt: 6 })).toBe(true);
    expect(checkpointed({ ...now, batchOpenedAt: 6 }, 'running')).toBe(true);
    const running = { ...now, batchOpenedAt: 6 };
    expect(checkpointed(running, 'running')).toBe(false);
    // A field gone, or one more, is another step even when the collected ones are all that differ.
    const { thread: _thread, ...withoutThread } = running;
    expect(checkpointed(withoutThread, 'running')).toBe(true);
    expect(checkpointed({ ...withoutThread, queue: [] }, 'running')).toBe(true);
    expect(checkpointed({ ...withoutThread, queue: [second] }, 'running')).toBe(false);
  });
});
