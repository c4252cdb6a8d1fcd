import { afterEach, describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { verifyLog } from '../../src/replay/verify.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

const databases: EryDatabase[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.$client.close();
});

function boot(db: EryDatabase, clock: SimulatedClock) {
  return new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: controllableAgent().logic,
    limits: { maxRunning: 5, maxRunningPerGuild: 5 },
    settingsFor: () => DEFAULT_CHANNEL_SETTINGS,
    clock,
  });
}

const events = (db: EryDatabase) =>
  db.$client
    .query('SELECT seq, type, event FROM channel_events WHERE channel_id = ? ORDER BY seq')
    .all('100') as Array<{
    seq: number;
    type: string;
    event: string;
  }>;

describe('the channel event log across restores', () => {
  test('GIVEN logged events its row never reflected (its actor failed) WHEN the channel is restored THEN new events follow them, its start names the row it resumed from, and the log verifies', async () => {
    const db = openDatabase(':memory:');
    databases.push(db);
    const clock = new SimulatedClock();
    const first = boot(db, clock);
    first.receive(chatMessage({ channelId: '100', content: 'kept' }));
    first.flush();
    first.stop();
    // What a failed actor leaves: an event in the log, none of it in the row.
    const lost = JSON.stringify({
      type: 'message.received',
      message: chatMessage({ channelId: '100', content: 'lost' }),
    });
    db.$client.run("INSERT INTO channel_events VALUES ('100', 3, 0, 'message.received', ?)", [lost]);

    const second = boot(db, clock);
    second.start();
    second.flush();
    second.stop();
    const logged = events(db);
    expect(logged.map((row) => `${row.seq} ${row.type}`)).toEqual([
      '1 xstate.init',
      '2 message.received',
      '3 message.received',
      '4 xstate.init',
      '5 timers.rearm',
      '6 config.updated',
    ]);
    expect(JSON.parse(logged[3]?.event ?? '{}').origin).toMatchObject({ kind: 'restored', fromSeq: 2 });

    const log = loadChannelLog(db.$client, '100', ':memory:');
    expect((await verifyLog(log)).divergence).toBeNull();
    // The replay resumes where the actor did: the lost message is gone from the batch again.
    const restored = buildTimeline(log, { from: { seq: 4 }, to: { seq: 4 } }).steps[0];
    expect(restored).toMatchObject({ origin: 'restored', batch: 1 });
  });

  test('GIVEN a log from before actors logged how they began THEN replay infers it: the first start is fresh, a later one a restore that continues from the replayed state', async () => {
    const db = openDatabase(':memory:');
    databases.push(db);
    const clock = new SimulatedClock();
    const first = boot(db, clock);
    first.receive(chatMessage({ channelId: '100' }));
    first.stop();
    const second = boot(db, clock);
    second.start();
    second.flush();
    second.stop();
    const log = loadChannelLog(db.$client, '100', ':memory:');
    const legacy = {
      ...log,
      events: log.events.map(({ event: { origin: _origin, ...event }, ...row }) => ({ ...row, event })),
    };
    expect(buildTimeline(legacy).steps.flatMap((step) => step.origin ?? [])).toEqual([
      'fresh',
      'restored-unlogged',
    ]);
    expect((await verifyLog(legacy)).divergence).toBeNull();
  });
});
