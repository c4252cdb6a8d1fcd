import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteAuditSink, listAudit } from '../../src/db/audit-log.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import type { AuditRow } from '../../src/tools/audit-sink.ts';

const row = (overrides: Partial<AuditRow> = {}): AuditRow => ({
  threadId: 'thread-1',
  guildId: '10',
  channelId: '100',
  step: 1,
  callId: 'call-1',
  tool: 'ban_member',
  arguments: { user_id: '508', reason: 'spam', requested_by_message_id: '2001' },
  requesterId: '504',
  requestedByMessageId: '2001',
  decision: 'allowed',
  reason: null,
  outcome: 'ok',
  result: { banned: '508' },
  error: null,
  durationMs: 12,
  at: 1_700_000_000_000,
  ...overrides,
});

describe('audit log on SQLite', () => {
  let dir: string | undefined;
  let db: EryDatabase | undefined;

  afterEach(() => {
    db?.$client.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    db = undefined;
    dir = undefined;
  });

  function open(): EryDatabase {
    dir = mkdtempSync(join(tmpdir(), 'ery-audit-'));
    db = openDatabase(join(dir, 'ery.db'));
    return db;
  }

  test('GIVEN recorded rows THEN they read back with JSON columns intact, newest first', () => {
    const database = open();
    const sink = createSqliteAuditSink(database);
    sink.record(row());
    sink.record(
      row({
        callId: 'call-2',
        arguments: '{not json',
        decision: 'invalid',
        reason: 'the arguments are not valid JSON',
        outcome: 'skipped',
        result: null,
        requesterId: null,
        requestedByMessageId: null,
      }),
    );
    const [second, first] = listAudit(database, { threadId: 'thread-1', limit: 10 });
    expect(first).toMatchObject({ ...row(), id: 1 });
    expect(second).toMatchObject({
      callId: 'call-2',
      arguments: '{not json',
      decision: 'invalid',
      result: null,
    });
  });

  test('GIVEN rows of several threads and guilds THEN listAudit filters and limits', () => {
    const database = open();
    const sink = createSqliteAuditSink(database);
    sink.record(row({ threadId: 'a', guildId: '10' }));
    sink.record(row({ threadId: 'b', guildId: '10' }));
    sink.record(row({ threadId: 'c', guildId: '11' }));
    expect(listAudit(database, { guildId: '10', limit: 10 }).map((entry) => entry.threadId)).toEqual([
      'b',
      'a',
    ]);
    expect(listAudit(database, { threadId: 'c', limit: 10 })).toHaveLength(1);
    expect(listAudit(database, { limit: 2 }).map((entry) => entry.threadId)).toEqual(['c', 'b']);
  });

  test('GIVEN a reopened database THEN the rows are still there', () => {
    const database = open();
    createSqliteAuditSink(database).record(row());
    database.$client.close();
    db = openDatabase(join(dir as string, 'ery.db'));
    expect(listAudit(db, { limit: 5 })).toHaveLength(1);
  });
});
