import { describe, expect, test } from 'bun:test';
import type { EryDatabase } from '../../src/db/client.ts';
import { openLogReader } from '../../src/db/log-reader.ts';
import { ReplayError } from '../../src/replay/errors.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { verifyLog } from '../../src/replay/verify.ts';
import { CHANNEL, recordChannelLife } from './recorded-channel.ts';

/** A recorded channel's database with `damage` (SQL) done to it; closed after `use`. */
async function damaged<T>(damage: string, use: (db: EryDatabase) => Promise<T> | T): Promise<T> {
  const { db } = await recordChannelLife();
  try {
    if (damage) db.$client.exec(damage);
    return await use(db);
  } finally {
    db.$client.close();
  }
}

const reader = (db: EryDatabase) => openLogReader(db.$client, CHANNEL, 'ery.db');

/** The ReplayError `run` throws, or a failure naming what it threw instead. */
function replayError(run: () => unknown): ReplayError {
  try {
    run();
  } catch (error) {
    if (error instanceof ReplayError) return error;
    throw new Error(`not a ReplayError: ${String(error)}`);
  }
  throw new Error('no error');
}

describe('GIVEN a channel log with a damaged row', () => {
  test.each([
    ['not JSON', `'{"type": "message.rec'`, 'channel_events.event is not JSON'],
    ['JSON null', `'null'`, 'channel_events.event is null, not an event'],
    ['an event without a type', `'{"message": 1}'`, 'channel_events.event has no type'],
  ])(
    'WHEN an event is %s THEN the timeline stops with one line naming its seq, and --verify diverges there',
    async (_what, value, says) => {
      await damaged(`UPDATE channel_events SET event = ${value} WHERE seq = 5`, async (db) => {
        const error = replayError(() => buildTimeline(reader(db)));
        expect(error.code).toBe('UNREADABLE_ROW');
        expect(error.message).toStartWith(`event #5 of channel ${CHANNEL} cannot be read: ${says}`);
        expect(error.message).toContain('(--to 4)');
        expect(error.message.split('\n')).toHaveLength(1);
        // Before the damage, the timeline is whole.
        expect(buildTimeline(reader(db), { to: { seq: 4 } }).steps).toHaveLength(4);
        const result = await verifyLog(reader(db));
        expect(result.ok).toBe(false);
        expect(result.divergence).toMatchObject({ seq: 5, against: 'log' });
        expect(result.divergence?.differences[0]).toStartWith(`event #5 cannot be read: ${says}`);
      });
    },
  );

  test('WHEN the first event, the channel’s creation, cannot be read THEN one line says no state can be rebuilt', async () => {
    await damaged(`UPDATE channel_events SET event = 'x' WHERE seq = 1`, async (db) => {
      const timeline = replayError(() => buildTimeline(reader(db)));
      const verified = await verifyLog(reader(db)).catch((error: unknown) => error);
      for (const error of [timeline, verified]) {
        expect(error).toBeInstanceOf(ReplayError);
        expect((error as ReplayError).code).toBe('UNREADABLE_ROW');
        expect((error as ReplayError).message).toContain('event #1');
      }
    });
  });

  test.each([
    ['not JSON', `'deadbeef'`, 'channel_checkpoints.digest is not JSON'],
    ['not a digest', `'"a string"'`, 'channel_checkpoints.digest is not a snapshot digest'],
    [
      'a digest with odd key hashes',
      `'{"status":"active","value":"idle","batch":0,"queue":0,"thread":null,"context":{},"fields":{"thread":"x"}}'`,
      'channel_checkpoints.digest is not a snapshot digest',
    ],
  ])(
    'WHEN a checkpoint’s digest is %s THEN --verify diverges at its step, and the timeline does not mind',
    async (_what, value, says) => {
      await damaged(
        `UPDATE channel_checkpoints SET digest = ${value} WHERE seq = (SELECT min(seq) FROM channel_checkpoints)`,
        async (db) => {
          const seq = Number(
            (db.$client.query('SELECT min(seq) AS seq FROM channel_checkpoints').get() as { seq: number })
              .seq,
          );
          const result = await verifyLog(reader(db));
          expect(result.divergence).toMatchObject({ seq, against: 'checkpoint' });
          expect(result.divergence?.differences[0]).toContain(
            `the checkpoint after #${seq} cannot be read: ${says}`,
          );
          expect(buildTimeline(reader(db)).steps.length).toBeGreaterThan(10);
        },
      );
    },
  );

  test('WHEN the stored snapshot is garbage THEN --verify diverges at its step against the snapshot', async () => {
    await damaged(`UPDATE channels SET snapshot = 'garbage'`, async (db) => {
      const result = await verifyLog(reader(db));
      expect(result.divergence?.against).toBe('snapshot');
      expect(result.divergence?.differences[0]).toContain('channels.snapshot is not JSON');
      expect(buildTimeline(reader(db)).guildId).toBe('10');
    });
  });

  test('WHEN a thread’s message ids or a step’s payload are not JSON THEN both read on', async () => {
    const damage = `UPDATE threads SET message_ids = '[1,'; INSERT INTO thread_steps (key, thread_id, step, kind, payload, at)
      SELECT id || ':1:model', id, 1, 'model', '{broken', 0 FROM threads LIMIT 1`;
    await damaged(damage, async (db) => {
      const timeline = buildTimeline(reader(db), { thread: reader(db).threads[0]?.id as string });
      expect(timeline.threads[0]?.steps[0]).toMatchObject({ unreadable: true });
      expect((await verifyLog(reader(db))).divergence).not.toBeNull();
    });
  });
});

describe('GIVEN a channel log with nothing stored to compare against', () => {
  test('WHEN every checkpoint was deleted THEN --verify fails saying the replay was compared with nothing', async () => {
    await damaged('DELETE FROM channel_checkpoints', async (db) => {
      const result = await verifyLog(reader(db));
      expect(result.ok).toBe(false);
      expect(result.unverified).toContainEqual(
        expect.stringContaining('no checkpoint of this channel is stored'),
      );
    });
  });

  test('WHEN the channel’s row was deleted THEN --verify fails saying its stored snapshot is gone', async () => {
    await damaged('DELETE FROM channels', async (db) => {
      const result = await verifyLog(reader(db));
      expect(result.ok).toBe(false);
      expect(result.unverified).toContainEqual(expect.stringContaining('no channels row'));
    });
  });
});

describe('GIVEN a checkpoint that differs inside a field', () => {
  test('WHEN a batched message was altered THEN the difference names the nested key, never two equal values', async () => {
    const damage = `UPDATE channel_events SET event = json_set(event, '$.message.content', 'altered') WHERE seq = 2`;
    await damaged(damage, async (db) => {
      const result = await verifyLog(reader(db));
      const lines = result.divergence?.differences ?? [];
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const [, replayed, stored] = /replayed (.+), (?:checkpoint|stored) (.+)$/.exec(line) ?? [];
        if (replayed !== undefined) expect(replayed).not.toBe(stored);
      }
      const thread = await damaged(
        `UPDATE channel_events SET event = json_set(event, '$.message.content', 'altered') WHERE seq = 3`,
        async (other) => (await verifyLog(reader(other))).divergence?.differences.join('\n') ?? '',
      );
      expect(thread).toMatch(/context\.(batch|thread\.messages)/);
    });
  });
});
