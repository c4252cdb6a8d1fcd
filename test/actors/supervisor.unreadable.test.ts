import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import type { SnapshotStore } from '../../actors/supervisor/snapshot-store.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { OpsMetrics } from '../../src/app/ops-metrics.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { sample } from '../app/ops-fixtures.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const settings = { ...DEFAULT_CHANNEL_SETTINGS, batchSize: 2, batchWindowMs: 1_000, cooldownMs: 100 };
const { path: openFile, open } = useTempDatabases('ery-unreadable-');

/** A supervisor on the database at `path`, counting its faults in real ops metrics. */
function boot(
  path: string,
  clock = new SimulatedClock(),
  wrap: (store: SnapshotStore) => SnapshotStore = (store) => store,
) {
  const db = open(path);
  const agent = controllableAgent();
  const metrics = new OpsMetrics();
  const { logger, lines } = captureLogger();
  const supervisor = new Supervisor({
    store: wrap(createSqliteSnapshotStore(db)),
    agentThread: agent.logic,
    limits: { maxRunning: 10, maxRunningPerGuild: 10 },
    settingsFor: () => settings,
    clock,
    logger,
    faults: metrics.supervisorFaults(),
  });
  const count = async (name: string, reason: string) =>
    sample(await metrics.registry.metrics(), name, { reason }) ?? 0;
  return { db, agent, supervisor, clock, lines, count };
}

/** A channel that ran a thread and went back to idle: stored, and not loaded again until a message. */
async function idleChannel(path: string, channelId: string): Promise<void> {
  const before = boot(path);
  before.supervisor.receive(chatMessage({ channelId, mentionsBot: true }));
  await settle();
  before.agent.last.resolve({ threadId: before.agent.last.input.threadId });
  await settle();
  before.clock.increment(settings.cooldownMs);
  await settle();
  expect(before.supervisor.actorOf(channelId)?.getSnapshot().value).toBe('idle');
  before.supervisor.stop();
  before.db.$client.close();
}

describe('supervisor with a stored channel it cannot read', () => {
  test('GIVEN a running supervisor WHEN a channel’s stored snapshot becomes unreadable and a message arrives THEN the channel starts fresh with the message, warned and counted', async () => {
    const path = openFile();
    await idleChannel(path, '1');
    const { db, supervisor, lines, count } = boot(path);
    supervisor.start();
    db.$client.exec("UPDATE channels SET snapshot = 'garbage' WHERE channel_id = '1'");
    const message = chatMessage({ channelId: '1', content: 'still delivered' });
    supervisor.receive(message);
    expect(supervisor.actorOf('1')?.getSnapshot().context.batch).toEqual([message]);
    expect(lines.find((line) => line.event === 'channel.restore.corrupt')).toMatchObject({ channelId: '1' });
    expect(lines.some((line) => line.event === 'supervisor.event.failed')).toBe(false);
    expect(await count('ery_channel_resets_total', 'corrupt')).toBe(1);
    // Its next message goes to the live actor: one reset, not one per message.
    supervisor.receive(chatMessage({ channelId: '1' }));
    expect(await count('ery_channel_resets_total', 'corrupt')).toBe(1);
  });

  test('GIVEN a store that fails to read a channel’s row (SQLITE_CORRUPT) THEN the message still gets a fresh channel, counted as unreadable', async () => {
    const { supervisor, lines, count } = boot(openFile(), new SimulatedClock(), (store) => ({
      ...store,
      load: () => {
        throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
      },
    }));
    supervisor.start();
    supervisor.receive(chatMessage({ channelId: '1' }));
    expect(supervisor.actorOf('1')?.getSnapshot().value).toBe('batching');
    expect(lines.find((line) => line.event === 'channel.restore.unreadable')).toMatchObject({
      channelId: '1',
    });
    expect(await count('ery_channel_resets_total', 'unreadable')).toBe(1);
  });

  test('GIVEN a busy channel whose stored snapshot is not JSON THEN start-up resumes the others and counts the reset', async () => {
    const path = openFile();
    const before = boot(path);
    before.supervisor.receive(chatMessage({ channelId: '1' }));
    before.supervisor.receive(chatMessage({ channelId: '2' }));
    before.supervisor.stop();
    before.db.$client.exec("UPDATE channels SET snapshot = '{not json' WHERE channel_id = '1'");
    before.db.$client.close();
    const after = boot(path);
    expect(after.supervisor.start()).toBe(1);
    expect(after.supervisor.actorOf('2')?.getSnapshot().value).toBe('batching');
    expect(await after.count('ery_channel_resets_total', 'corrupt')).toBe(1);
  });

  test('GIVEN a malformed message or one after stop THEN each drop is logged and counted by reason', async () => {
    const { supervisor, count } = boot(openFile());
    supervisor.receive({ ...chatMessage(), id: 'not-a-snowflake' });
    supervisor.stop();
    supervisor.receive(chatMessage());
    expect(await count('ery_supervisor_events_dropped_total', 'malformed')).toBe(1);
    expect(await count('ery_supervisor_events_dropped_total', 'stopped')).toBe(1);
  });
});
