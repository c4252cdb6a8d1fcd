import { describe, expect, test } from 'bun:test';
import { createSqliteRecentMessageStore } from '../../src/db/recent-message-store.ts';
import type { HistoryMessage } from '../../src/discord/port.ts';
import { RecentMessages } from '../../src/history/recent-messages.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const databases = useTempDatabases('ery-recent-');
const message = (id: string, content = `m${id}`): HistoryMessage => ({
  id,
  channelId: '500',
  author: { id: '9', name: 'Bob', bot: false },
  content,
  replyToId: null,
  createdAt: Number(id),
  parts: [{ kind: 'attachment', filename: 'a.png', contentType: 'image/png', size: 10 }],
});

describe('recent messages in SQLite', () => {
  test('GIVEN a buffer written and the database reopened THEN the same messages come back in id order', () => {
    const path = databases.path();
    const db = databases.open(path);
    const recent = new RecentMessages({ store: createSqliteRecentMessageStore(db) });
    // Ids of different lengths: text order would put 100 before 99.
    for (const id of ['99', '100', '101']) recent.upsert(message(id));
    recent.upsert(message('100', 'edited'));
    recent.remove('500', ['101']);
    recent.fill('500', [message('98')], 30);
    recent.flush();
    db.$client.close();

    const reopened = new RecentMessages({ store: createSqliteRecentMessageStore(databases.open(path)) });
    const read = reopened.read('500', '999', 30);
    expect(read.messages).toEqual([
      message('98'),
      message('99'),
      message('100', 'edited'),
      { ...message('101', ''), parts: undefined, deleted: true },
    ]);
    expect(read.complete).toBe(true);
  });

  test('GIVEN a stored row that no longer reads as a message THEN the buffer loads as none, with a warning, and is gone', () => {
    const db = databases.open();
    const { logger, lines } = captureLogger();
    const store = createSqliteRecentMessageStore(db, logger);
    store.write([{ channelId: '500', upserts: [message('1')], removals: [], completeFrom: '0' }]);
    db.$client.run(`UPDATE recent_messages SET message = '{"id": 7}'`);
    expect(store.load('500')).toBeNull();
    expect(lines.map((line) => line.event)).toContain('history.buffer.unreadable');
    expect(db.$client.query('SELECT COUNT(*) AS n FROM recent_messages').get()).toEqual({ n: 0 });
  });

  test('GIVEN a stored row that is not JSON at all THEN the buffer loads as none, with a warning, and is gone', () => {
    const db = databases.open();
    const { logger, lines } = captureLogger();
    const store = createSqliteRecentMessageStore(db, logger);
    store.write([
      { channelId: '500', upserts: [message('1'), message('2')], removals: [], completeFrom: '0' },
    ]);
    db.$client.run(`UPDATE recent_messages SET message = '{"id": "1", cut short' WHERE message_id = '1'`);
    expect(store.load('500')).toBeNull();
    expect(lines.map((line) => line.event)).toContain('history.buffer.unreadable');
    expect(db.$client.query('SELECT COUNT(*) AS n FROM recent_messages').get()).toEqual({ n: 0 });
  });

  test('GIVEN a buffer with no message stored THEN it loads empty, with how far back it is complete', () => {
    const store = createSqliteRecentMessageStore(databases.open());
    store.write([{ channelId: '500', upserts: [], removals: [], completeFrom: '0' }]);
    expect(store.load('500')).toEqual({ messages: [], completeFrom: '0' });
    expect(store.load('501')).toBeNull();
  });
});
