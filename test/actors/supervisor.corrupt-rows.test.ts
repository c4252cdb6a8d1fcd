import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { OpsMetrics } from '../../src/app/ops-metrics.ts';
import { createChannelHistory } from '../../src/db/channel-history.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openLogReader } from '../../src/db/log-reader.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { replaySteps } from '../../src/replay/replay-log.ts';
import { sample } from '../app/ops-fixtures.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const settings = { ...DEFAULT_CHANNEL_SETTINGS, batchSize: 5, batchWindowMs: 60_000 };
const { path: newPath, open } = useTempDatabases('ery-corrupt-rows-');

/** A real supervisor on the file at `path`, its faults counted in real ops metrics. */
function boot(path: string) {
  const db = open(path);
  const metrics = new OpsMetrics();
  const { logger, lines } = captureLogger();
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: controllableAgent().logic,
    limits: { maxRunning: 10, maxRunningPerGuild: 10 },
    settingsFor: () => settings,
    clock: new SimulatedClock(),
    logger,
    faults: metrics.supervisorFaults(),
  });
  const resets = async (reason: string) =>
    sample(await metrics.registry.metrics(), 'ery_channel_resets_total', { reason }) ?? 0;
  return { db, supervisor, lines, resets };
}

/**
 * Each way a stored row can be damaged or outdated: the SQL that does it to channel `id`'s row, the
 * reason counted, and words the warning's reason must hold.
 */
const DAMAGE = [
  { id: '2', sql: 'snapshot = \'{"value":"batching","context":{\'', reason: 'corrupt', says: 'not JSON' },
  { id: '3', sql: 'machine_version = 0', reason: 'version_mismatch', says: 'no migration from version 0' },
  { id: '4', sql: 'machine_version = 99', reason: 'version_mismatch', says: 'newer than this Ery' },
  {
    id: '5',
    sql: "snapshot = json_set(snapshot, '$.value', 'exploded')",
    reason: 'corrupt',
    says: 'value',
  },
  {
    id: '6',
    sql: "snapshot = json_remove(snapshot, '$.context.queue', '$.context.idleSince')",
    reason: 'corrupt',
    says: 'context.queue',
  },
  {
    id: '7',
    sql: "snapshot = json_remove(snapshot, '$.context.batch[0].author')",
    reason: 'corrupt',
    says: 'context.batch.0.author',
  },
  {
    id: '8',
    sql: "snapshot = json_set(snapshot, '$.context.channelId', '1')",
    reason: 'corrupt',
    says: 'not this channel',
  },
  {
    id: '9',
    sql: "snapshot = json_set(snapshot, '$.value', 'running')",
    reason: 'corrupt',
    says: 'without a thread',
  },
] as const;

describe('stored channel rows that are damaged or outdated', () => {
  test('GIVEN one busy channel stored well and one per kind of damage WHEN Ery starts THEN the good one resumes, each damaged one starts fresh with a warning naming it and the reason, counted by reason', async () => {
    const path = newPath();
    const before = boot(path);
    const ids = ['1', ...DAMAGE.map((damage) => damage.id)];
    const first = new Map(ids.map((id) => [id, chatMessage({ channelId: id, content: `first in ${id}` })]));
    for (const message of first.values()) before.supervisor.receive(message);
    before.supervisor.stop();
    for (const { id, sql } of DAMAGE)
      before.db.$client.exec(`UPDATE channels SET ${sql} WHERE channel_id = '${id}'`);
    before.db.$client.close();

    const after = boot(path);
    expect(after.supervisor.start()).toBe(1);
    expect(after.supervisor.actorOf('1')?.getSnapshot().context.batch).toEqual([
      first.get('1') as ReturnType<typeof chatMessage>,
    ]);
    for (const { id, reason, says } of DAMAGE) {
      expect(after.supervisor.actorOf(id)).toBeUndefined();
      const warning = after.lines.find((line) => line.channelId === id);
      expect(warning).toMatchObject({ level: 40, event: `channel.restore.${reason}`, channelId: id });
      expect(String(warning?.reason)).toContain(says);
      expect(String(warning?.msg)).toContain(id);
    }
    expect(await after.resets('corrupt')).toBe(6);
    expect(await after.resets('version_mismatch')).toBe(2);
    expect(after.lines.filter((line) => (line.level as number) >= 50)).toEqual([]);

    // A message in a damaged channel starts it fresh, logged after what its actor logged before.
    for (const { id } of DAMAGE) {
      const next = chatMessage({ channelId: id, content: `next in ${id}` });
      after.supervisor.receive(next);
      expect(after.supervisor.actorOf(id)?.getSnapshot().context.batch).toEqual([next]);
    }
    after.supervisor.flush();
    const inits = after.db.$client
      .query(
        "SELECT channel_id AS id, seq FROM channel_events WHERE type = 'xstate.init' AND channel_id = '6'",
      )
      .all();
    expect(inits).toEqual([
      { id: '6', seq: 1 },
      { id: '6', seq: 3 },
    ]);
    // One reset per channel, not one per message.
    expect(await after.resets('corrupt')).toBe(6);
    after.supervisor.stop();
  });

  test('GIVEN a channel whose event and checkpoint rows are damaged THEN it still resumes from its row, its new events follow the damaged ones, and the history and replay read around them', async () => {
    const path = newPath();
    const before = boot(path);
    const message = chatMessage({ channelId: '1' });
    before.supervisor.receive(message);
    before.supervisor.stop();
    const sqlite = before.db.$client;
    sqlite.exec(
      `UPDATE channel_events SET event = '{"type":"message.rec' WHERE channel_id = '1' AND seq = 2`,
    );
    sqlite.exec(
      `INSERT INTO channel_events (channel_id, seq, at, type, event) VALUES ('1', 3, 0, 'garbage', 'not json')`,
    );
    sqlite.exec(`UPDATE channel_checkpoints SET digest = 'truncat' WHERE channel_id = '1'`);
    sqlite.exec(
      `INSERT INTO channel_checkpoints (channel_id, seq, at, machine_version, digest) VALUES ('1', 3, 0, 7, '[]')`,
    );
    sqlite.close();

    const after = boot(path);
    expect(after.supervisor.start()).toBe(1);
    expect(after.supervisor.actorOf('1')?.getSnapshot().context.batch).toEqual([message]);
    const next = chatMessage({ channelId: '1', content: 'after the damage' });
    after.supervisor.receive(next);
    after.supervisor.flush();
    const seqs = after.db.$client
      .query("SELECT seq, type FROM channel_events WHERE channel_id = '1' AND seq > 3 ORDER BY seq")
      .all() as Array<{ seq: number; type: string }>;
    expect(seqs.map((row) => row.type)).toEqual([
      'xstate.init',
      'timers.rearm',
      'config.updated',
      'message.received',
    ]);
    expect(after.lines.filter((line) => (line.level as number) >= 40)).toEqual([]);

    const history = createChannelHistory(after.db).events('1', 50);
    expect(history.find((row) => row.seq === 2)?.event).toMatchObject({
      unreadable: expect.stringContaining('not JSON'),
    });
    const steps = [...replaySteps(openLogReader(after.db.$client, '1', path))];
    expect(steps.filter((step) => step.unreadable).map((step) => step.seq)).toEqual([2, 3]);
    expect(steps.at(-1)?.after.context.batch.map((m: { id: string }) => m.id)).toEqual([message.id, next.id]);
    after.supervisor.stop();
  });
});
