/**
 * `--verify` on real recorded runs (issue 9 §3-4): Ery as a whole (the discord.js client against
 * the playground, the openai SDK against a scripted model server, a SQLite file) records a run,
 * which must verify; then copies of it are damaged one way each, and verification must fail at
 * the step that was damaged.
 */
import { Database } from 'bun:sqlite';
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import { readChannelLog } from '../../src/db/replay-database.ts';
import { DEMO_IDS } from '../../src/playground/index.ts';
import { verifyLog } from '../../src/replay/verify.ts';
import { threadsEnded, useEryWorld, waitUntil } from './support/ery-harness.ts';

setDefaultTimeout(30_000);
const world = useEryWorld('ery-replay-verify-');
const { users, channels } = DEMO_IDS;
let recorded: string;

/**
 * A run of #general: a batch closed by its window that the model lets pass, a mention it answers
 * with a message, and a mention it cannot answer (the model server refuses the key).
 */
async function recordRun(): Promise<string> {
  const db = join(world.dir, 'recorded.db');
  const ery = await world.startEry({ db, model: 'replay-run' });
  const ended = (count: number) => threadsEnded(ery, count);
  world.llm.script('replay-run', { reply: { content: 'nothing for me here' } });
  world.playground.postMessage({ channelId: channels.general, authorId: users.bob, content: 'morning all' });
  await ended(1);
  world.llm.script(
    'replay-run',
    { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'Hi Alice!' } }] } },
    { reply: { content: null } },
  );
  world.playground.postMessage({
    channelId: channels.general,
    authorId: users.alice,
    content: `<@${users.ery}> hi`,
  });
  await ended(2);
  world.llm.script('replay-run', { error: { status: 401, message: 'bad key' } });
  world.playground.postMessage({
    channelId: channels.general,
    authorId: users.alice,
    content: `<@${users.ery}> again?`,
  });
  await ended(3);
  await waitUntil(() => ery.core.supervisor.actorOf(channels.general)?.getSnapshot().value === 'idle');
  world.running.splice(world.running.indexOf(ery), 1);
  await ery.stop();
  return db;
}

/** A copy of the recorded run, damaged by `sql`. */
function damaged(name: string, ...sql: string[]): string {
  const path = join(world.dir, `${name}.db`);
  // A whole copy, whatever part of it still sits in the WAL file.
  const source = new Database(recorded, { readonly: true });
  source.run('VACUUM INTO ?', [path]);
  source.close();
  const db = new Database(path);
  for (const statement of sql) db.run(statement, [channels.general]);
  db.close();
  return path;
}

const seqOf = (type: string, nth = 1) => {
  const db = new Database(recorded, { readonly: true });
  const rows = db
    .query('SELECT seq FROM channel_events WHERE channel_id = ? AND type = ? ORDER BY seq')
    .all(channels.general, type) as Array<{ seq: number }>;
  db.close();
  return rows[nth - 1]?.seq as number;
};

const verify = (path: string) => verifyLog(readChannelLog(path, channels.general));

beforeAll(async () => {
  recorded = await recordRun();
});

describe('GIVEN a recorded run of a channel', () => {
  test('WHEN it is verified THEN every checkpoint, the stored snapshot and every thread’s steps match', async () => {
    const result = await verify(recorded);
    expect(result.divergence).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.checked.snapshots).toBe(1);
    expect(result.checked.checkpoints).toBeGreaterThan(5);
    expect(result.threads.map((thread) => thread.ok)).toEqual([true, true, true]);
  });

  test('WHEN an event is removed from the log THEN verification fails at that event', async () => {
    const gone = seqOf('message.received', 2);
    const result = await verify(
      damaged('event-removed', `DELETE FROM channel_events WHERE channel_id = ? AND seq = ${gone}`),
    );
    expect(result.ok).toBe(false);
    expect(result.divergence).toMatchObject({ seq: gone, against: 'log' });
    expect(result.divergence?.differences[0]).toContain(`event #${gone} is missing`);
  });

  test('WHEN the last events are removed THEN verification fails where the stored snapshot outruns the log', async () => {
    const last = seqOf('cooldown.elapsed', 3);
    const result = await verify(
      damaged('tail-removed', `DELETE FROM channel_events WHERE channel_id = ? AND seq > ${last - 2}`),
    );
    expect(result.divergence?.against).toBe('log');
    expect(result.divergence?.seq).toBeGreaterThan(last - 2);
    expect(result.divergence?.differences[0]).toContain(`the log ends at #${last - 2}`);
  });

  test('WHEN a message in the log is altered THEN verification fails at that message, naming the batch', async () => {
    const altered = seqOf('message.received', 1);
    const result = await verify(
      damaged(
        'event-altered',
        `UPDATE channel_events SET event = json_set(event, '$.message.content', 'forged') WHERE channel_id = ? AND seq = ${altered}`,
      ),
    );
    expect(result.divergence).toMatchObject({
      seq: altered,
      event: 'message.received',
      against: 'checkpoint',
    });
    expect(result.divergence?.differences.join('\n')).toContain('context.batch differs');
  });

  test('WHEN the stored snapshot is altered THEN verification fails at its step, naming the field and both values', async () => {
    const result = await verify(
      damaged(
        'snapshot-altered',
        `UPDATE channels SET snapshot = json_set(snapshot, '$.context.threadsRun', 7) WHERE channel_id = ?`,
      ),
    );
    expect(result.divergence?.against).toBe('snapshot');
    expect(result.divergence?.differences).toEqual(['context.threadsRun: replayed 3, stored 7']);
  });

  test('WHEN a recorded tool result is removed THEN verification fails at the end of its thread', async () => {
    const done = seqOf('xstate.done.actor.agentThread', 2);
    const result = await verify(
      damaged(
        'step-removed',
        `DELETE FROM thread_steps WHERE kind = 'tool' AND thread_id IN (SELECT id FROM threads WHERE channel_id = ?)`,
      ),
    );
    expect(result.divergence).toMatchObject({ seq: done, against: 'thread' });
    expect(result.divergence?.differences[0]).toContain(
      'its records end at model step 1 (no tool result recorded)',
    );
  });

  test('WHEN a checkpoint was written by another machine version THEN it is reported, not compared, and the run does not pass', async () => {
    const result = await verify(
      damaged(
        'old-version',
        `UPDATE channel_checkpoints SET machine_version = 0 WHERE channel_id = ? AND seq = (SELECT min(seq) FROM channel_checkpoints)`,
      ),
    );
    expect(result.divergence).toBeNull();
    expect(result.ok).toBe(false);
    expect(result.unverified[0]).toContain('written by machine version 0');
  });
});
