import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { EryDatabase } from '../../src/db/client.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import type { ChannelLog, LoggedEvent } from '../../src/replay/channel-log.ts';
import { migrateSnapshot } from '../../src/replay/snapshot-migrations.ts';
import { verifyLog } from '../../src/replay/verify.ts';
import { CHANNEL, recordChannelLife } from './recorded-channel.ts';

let db: EryDatabase;
let log: ChannelLog;

beforeAll(async () => {
  ({ db } = await recordChannelLife());
  log = loadChannelLog(db.$client, CHANNEL, ':memory:');
});
afterAll(() => db.$client.close());

/** The log with the event at `seq` replaced by what `change` makes of it. */
const withEvent = (seq: number, change: (event: LoggedEvent) => LoggedEvent): ChannelLog => ({
  ...log,
  events: log.events.map((event) => (event.seq === seq ? change(structuredClone(event)) : event)),
});
const restoreSeq = () => log.events.find((event) => event.event.origin?.kind === 'restored')?.seq as number;
const identity = { 0: (snapshot: { value: unknown; context: unknown }) => snapshot };

describe('GIVEN the log of a channel restarted once and reaped once', () => {
  test('WHEN verified THEN its checkpoints, its stored snapshot and its restore all match', async () => {
    const result = await verifyLog(log);
    expect(result).toMatchObject({ ok: true, divergence: null, unverified: [] });
    expect(result.checked).toMatchObject({ restores: 1, snapshots: 1 });
  });

  test('WHEN the snapshot a restore resumed from differs from the replay THEN it diverges at the restore, naming the field', async () => {
    const seq = restoreSeq();
    const damaged = withEvent(seq, (event) => {
      const origin = event.event.origin as { snapshot: { context: { threadsFailed: number } } };
      origin.snapshot.context.threadsFailed = 9;
      return event;
    });
    const result = await verifyLog(damaged);
    expect(result.divergence).toMatchObject({ seq, event: 'xstate.init', against: 'restore' });
    expect(result.divergence?.differences[0]).toEndWith('context.threadsFailed: replayed 1, stored 9');
  });

  test('WHEN the machine throws on an event the live actor went past THEN it diverges there', async () => {
    const result = await verifyLog(
      withEvent(2, (event) => ({ ...event, event: { ...event.event, message: null } })),
    );
    expect(result.divergence).toMatchObject({ seq: 2, against: 'log' });
    expect(result.divergence?.differences[0]).toContain('the live actor went on');
  });

  test('WHEN the stored snapshot is from an older machine version THEN it is reported, or compared once migrated', async () => {
    const old: ChannelLog = {
      ...log,
      row: { ...(log.row as NonNullable<ChannelLog['row']>), machineVersion: 0 },
    };
    const reported = await verifyLog(old);
    expect(reported.ok).toBe(false);
    expect(reported.checked.snapshots).toBe(0);
    expect(reported.unverified).toEqual([
      expect.stringContaining(
        'the stored snapshot (after #18) was written by machine version 0; this Ery (1) has no migration from version 0',
      ),
    ]);
    const migrated = await verifyLog(old, { migrations: identity });
    expect(migrated).toMatchObject({ ok: true, unverified: [], checked: { snapshots: 1 } });
  });

  test('WHEN a restore resumed from an older machine version’s snapshot THEN it is reported, or compared once migrated', async () => {
    const old = withEvent(restoreSeq(), (event) => {
      (event.event.origin as { machineVersion: number }).machineVersion = 0;
      return event;
    });
    const reported = await verifyLog(old);
    expect(reported.unverified[0]).toContain(
      `the snapshot restored at #${restoreSeq()} was written by machine version 0`,
    );
    expect((await verifyLog(old, { migrations: identity })).checked.restores).toBe(1);
  });
});

describe('migrateSnapshot', () => {
  const snapshot = { value: 'idle', context: { n: 1 } };
  test('GIVEN a chain of migrations THEN an old snapshot goes through each in turn', () => {
    const chain = {
      1: (s: typeof snapshot) => ({ ...s, context: { n: s.context.n + 1 } }),
      2: (s: typeof snapshot) => ({ ...s, context: { n: s.context.n * 10 } }),
    } as never;
    expect(migrateSnapshot(snapshot, 1, chain, 3)).toEqual({
      snapshot: { value: 'idle', context: { n: 20 } },
      migratedFrom: 1,
    });
    expect(migrateSnapshot(snapshot, 3, chain, 3)).toEqual({ snapshot, migratedFrom: null });
  });

  test('GIVEN a missing step or a newer version THEN it says why instead', () => {
    expect(migrateSnapshot(snapshot, 0, {}, 2)).toEqual({
      problem: 'written by machine version 0; this Ery (2) has no migration from version 0',
    });
    expect(migrateSnapshot(snapshot, 4, {}, 2)).toEqual({
      problem: "written by machine version 4, newer than this Ery's (2): upgrade Ery",
    });
  });
});
