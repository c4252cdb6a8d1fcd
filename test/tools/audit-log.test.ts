import { describe, expect, test } from 'bun:test';
import { createSqliteAuditSink, listAudit } from '../../src/db/audit-log.ts';
import type { AuditRow } from '../../src/tools/audit-sink.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

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
  const files = useTempDatabases('ery-audit-');

  test('GIVEN recorded rows THEN they read back with JSON columns intact, newest first', () => {
    const database = files.open();
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
    const database = files.open();
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
    const path = files.path();
    const database = files.open(path);
    createSqliteAuditSink(database).record(row());
    database.$client.close();
    expect(listAudit(files.open(path), { limit: 5 })).toHaveLength(1);
  });
});
