import { describe, expect, test } from 'bun:test';
import { retriedAuditSink, retriedStepLog } from '../../src/app/retried-stores.ts';
import { StorageHealth } from '../../src/app/storage-health.ts';
import { WriteGroup } from '../../src/app/write-group.ts';
import { createSqliteAuditSink } from '../../src/db/audit-log.ts';
import type { EryDatabase } from '../../src/db/client.ts';
import { createSqliteRecentMessageStore } from '../../src/db/recent-message-store.ts';
import { createSqliteStepLog } from '../../src/db/step-log.ts';
import { auditRow } from '../support/audit-rows.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const files = useTempDatabases('ery-write-group-');

const count = (db: EryDatabase, table: string) =>
  (db.$client.query(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function setup() {
  const db = files.open();
  const { logger, lines } = captureLogger();
  const health = new StorageHealth();
  const group = new WriteGroup(db, { health, logger });
  const steps = retriedStepLog(createSqliteStepLog(db), group);
  const audit = retriedAuditSink(createSqliteAuditSink(db), group);
  db.$client.exec('CREATE TABLE probe (n INTEGER)');
  return { db, group, steps, audit, health, lines };
}

describe('GIVEN the threads’ write group', () => {
  test('WHEN steps and audit rows are pushed in one turn THEN each put resolves with its row on disk, all in one transaction', async () => {
    const { db, group, steps, audit } = setup();
    // A lane added last sees, inside its write, what the others wrote in the same transaction.
    const seen: Array<{ inTransaction: boolean; steps: number; audit: number }> = [];
    const probe = group.lane<number>({
      store: null,
      due: 'turn',
      write: () => {
        seen.push({
          inTransaction: db.$client.inTransaction,
          steps: count(db, 'thread_steps'),
          audit: count(db, 'audit_log'),
        });
      },
    });
    const first = steps.put('t:1:model', 't', 1, 'model', { content: null, n: 1 });
    audit.record(auditRow({ callId: 'c1', arguments: { content: 'hi' } }));
    const second = steps.put('t:1:c1', 't', 1, 'tool', { ok: true });
    const probed = probe.push(1);
    // Queued: nothing is written before the turn ends, and a reader of the log already sees them.
    expect(count(db, 'thread_steps')).toBe(0);
    expect(await steps.get('t:1:c1')).toEqual({ ok: true });
    await Promise.all([first, second, probed]);
    expect(seen).toEqual([{ inTransaction: true, steps: 2, audit: 1 }]);
    expect(db.$client.inTransaction).toBe(false);
    expect(createSqliteStepLog(db).get('t:1:model')).toEqual({ content: null, n: 1 });
  });

  test('WHEN a step is put THEN it is on disk before the turn of the event loop ends; an audit row alone waits for the end of the turn', async () => {
    const { db, steps, audit } = setup();
    let turnEnded = false;
    setImmediate(() => {
      turnEnded = true;
    });
    await steps.put('t:1:model', 't', 1, 'model', { n: 1 });
    expect([turnEnded, count(db, 'thread_steps')]).toEqual([false, 1]);
    audit.record(auditRow({ callId: 'c1', arguments: { content: 'hi' } }));
    await Promise.resolve();
    expect(count(db, 'audit_log')).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count(db, 'audit_log')).toBe(1);
  });

  test('WHEN a payload is changed after put THEN the log keeps what was put, waiting or written', async () => {
    const { steps } = setup();
    const payload = { list: [1] };
    const put = steps.put('k', 't', 1, 'tool', payload);
    payload.list.push(2);
    expect(await steps.get('k')).toEqual({ list: [1] });
    await put;
    expect(await steps.get('k')).toEqual({ list: [1] });
  });

  test('WHEN the database refuses writes THEN named rows wait and the caller goes on, an unnamed lane rejects; WHEN it takes them again THEN all are written, logged once each way', async () => {
    const { db, group, steps, audit, health, lines } = setup();
    const usage = group.lane<number>({
      store: null,
      due: 'turn',
      write: (rows) => {
        for (const n of rows) db.$client.run('INSERT INTO probe VALUES (?)', [n]);
      },
    });
    db.$client.exec('PRAGMA query_only = ON');
    const put = steps.put('t:1:model', 't', 1, 'model', { a: 1 });
    audit.record(auditRow({ callId: 'c1', arguments: { content: 'hi' } }));
    await expect(usage.push(7)).rejects.toThrow(/readonly/);
    await put;
    expect(health.fault()?.store).toBe('steps');
    expect(await steps.get('t:1:model')).toEqual({ a: 1 });
    // While failing, a later step waits with the others and the caller is not held.
    await steps.put('t:1:c1', 't', 1, 'tool', { ok: true });
    await expect(usage.push(8)).rejects.toThrow(/readonly/);
    db.$client.exec('PRAGMA query_only = OFF');
    group.flush();
    expect(count(db, 'thread_steps')).toBe(2);
    expect(count(db, 'audit_log')).toBe(1);
    expect(health.fault()).toBeNull();
    const events = lines.map((line) => `${line.event} ${line.store}`);
    expect(events.filter((event) => event.startsWith('storage.'))).toEqual([
      'storage.write_failed steps',
      'storage.write_failed audit',
      'storage.recovered steps',
      'storage.recovered audit',
    ]);
    group.close();
  });
});

describe('the recent-message buffers in a write group', () => {
  test('GIVEN buffer writes and a clear in one lane THEN they commit in the group transaction (the clear nests in it), the clear last', async () => {
    const db = files.open();
    const { logger, lines } = captureLogger();
    const store = createSqliteRecentMessageStore(db);
    const group = new WriteGroup(db, { logger });
    const lane = group.lane<'clear' | Parameters<typeof store.write>[0]>({
      store: 'history',
      due: 'now',
      write: (items) => {
        for (const item of items) item === 'clear' ? store.clear() : store.write(item);
      },
    });
    const message = { id: '1000', author: 'Alice', authorId: '7', content: 'hi', at: 1 };
    void lane.push([{ channelId: '5', upserts: [message as never], removals: [], completeFrom: null }]);
    await lane.push([]);
    expect(count(db, 'recent_messages')).toBe(1);
    void lane.push([{ channelId: '5', upserts: [message as never], removals: [], completeFrom: null }]);
    await lane.push('clear');
    expect(count(db, 'recent_messages')).toBe(0);
    expect(lines.filter((line) => line.event === 'storage.write_failed')).toEqual([]);
  });
});
