import { describe, expect, test } from 'bun:test';
import { createMemoryStepLog, modelStepKey, toolStepKey } from '../../../actors/agent-thread/step-log.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { createSqliteStepLog } from '../../../src/db/step-log.ts';
import { useTempDatabases } from '../../support/temp-databases.ts';

const files = useTempDatabases('ery-steplog-');

describe('GIVEN the SQLite step log', () => {
  test('WHEN a payload is put THEN it reads back equal, also after reopening the file', () => {
    const path = files.path('steps.db');
    const db = files.open(path);
    const log = createSqliteStepLog(db, { now: () => 123 });
    const payload = {
      content: null,
      toolCalls: [{ id: 'a', name: 'send_message', arguments: '{}' }],
      n: 1.5,
    };
    log.put(modelStepKey('t', 1), 't', 1, 'model', payload);
    expect(log.get('t:1:model')).toEqual(payload);
    db.$client.close();
    const reopened = createSqliteStepLog(files.open(path));
    expect(reopened.get('t:1:model')).toEqual(payload);
    expect(reopened.forThread('t')).toEqual([
      { key: 't:1:model', threadId: 't', step: 1, kind: 'model', payload, at: 123 },
    ]);
  });

  test('WHEN nothing was recorded THEN get gives undefined', () => {
    expect(createSqliteStepLog(openDatabase(':memory:')).get('t:1:model')).toBeUndefined();
  });

  test('WHEN a key is put twice THEN the first payload wins', () => {
    const log = createSqliteStepLog(openDatabase(':memory:'));
    log.put(toolStepKey('t', 1, 'c'), 't', 1, 'tool', { ok: true });
    log.put(toolStepKey('t', 1, 'c'), 't', 1, 'tool', { ok: false });
    expect(log.get('t:1:c')).toEqual({ ok: true });
  });

  test('THEN forThread lists only that thread, in step order', () => {
    const log = createSqliteStepLog(openDatabase(':memory:'));
    log.put('t:2:model', 't', 2, 'model', 2);
    log.put('u:1:model', 'u', 1, 'model', 0);
    log.put('t:1:model', 't', 1, 'model', 1);
    log.put('t:1:x', 't', 1, 'tool', 'x');
    expect(log.forThread('t').map((row) => row.key)).toEqual(['t:1:model', 't:1:x', 't:2:model']);
  });
});

test('GIVEN the memory step log WHEN a stored payload is mutated THEN the log is unaffected', () => {
  const log = createMemoryStepLog();
  const payload = { list: [1] };
  log.put('k', 't', 1, 'tool', payload);
  payload.list.push(2);
  expect(log.get('k')).toEqual({ list: [1] });
});
