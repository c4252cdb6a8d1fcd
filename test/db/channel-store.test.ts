import { afterEach, describe, expect, test } from 'bun:test';
import type { ChannelRecord } from '../../actors/supervisor/snapshot-store.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';

const databases: EryDatabase[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.$client.close();
});

function store() {
  const db = openDatabase(':memory:');
  databases.push(db);
  const snapshots = createSqliteSnapshotStore(db);
  const write = (row: ChannelRecord) =>
    snapshots.write({ channels: [row], events: [], threads: [], checkpoints: [] });
  const stored = () => db.$client.query('SELECT * FROM channels').all();
  return { db, snapshots, write, stored };
}

const row = (change: Partial<ChannelRecord> = {}): ChannelRecord => ({
  channelId: '100',
  guildId: '10',
  machineVersion: 1,
  status: 'batching',
  snapshot: { value: 'batching', context: { batch: [1] } },
  lastEventSeq: 1,
  permitRequestedAt: null,
  updatedAt: 1_000,
  reapedAt: null,
  ...change,
});

const columns = (record: ChannelRecord) => ({
  channel_id: record.channelId,
  guild_id: record.guildId,
  machine_version: record.machineVersion,
  status: record.status,
  snapshot: JSON.stringify(record.snapshot),
  last_event_seq: record.lastEventSeq,
  permit_requested_at: record.permitRequestedAt,
  updated_at: record.updatedAt,
  reaped_at: record.reapedAt,
});

describe('GIVEN a channel row written again and again', () => {
  test('WHEN only its snapshot, last event and time change, or any other column too, THEN the row holds the last write whole', () => {
    const { write, stored, snapshots } = store();
    // The snapshot, last event and time alone; then each other column alone, every write a new time.
    const changes: Array<Partial<ChannelRecord>> = [
      {},
      { snapshot: { value: 'batching', context: { batch: [1, 2] } }, lastEventSeq: 2 },
      { status: 'running' },
      { permitRequestedAt: 1_500 },
      { guildId: '11' },
      { machineVersion: 2 },
      { reapedAt: 6_000 },
      { reapedAt: null, permitRequestedAt: null, lastEventSeq: 3 },
    ];
    let last = row();
    const writes = changes.map((change, at) => {
      last = { ...last, ...change, updatedAt: 1_000 * (at + 1) };
      return last;
    });
    for (const record of writes) {
      write(record);
      expect(stored()).toEqual([columns(record)]);
    }
    expect(snapshots.load('100')?.snapshot).toEqual(writes.at(-1)?.snapshot);
  });

  test('WHEN its row was deleted meanwhile (retention, a forgotten server) THEN the next write puts it back', () => {
    const { db, write, stored } = store();
    write(row());
    db.$client.run('DELETE FROM channels');
    const again = row({ lastEventSeq: 2, updatedAt: 2_000 });
    write(again);
    expect(stored()).toEqual([columns(again)]);
  });
});
