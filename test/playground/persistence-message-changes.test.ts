/**
 * A saved playground keeps what happened to its messages: after a restart on its file an edited
 * message still reads as edited and deleted ones stay gone, with their audit rows.
 */
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlitePlaygroundStorage, type Playground, startPlayground } from '../../src/playground/index.ts';
import { api } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ery-playground-changes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (path: string) => startPlayground({ port: 0, storage: openSqlitePlaygroundStorage(path) });

/** The #general history and the audit log of the demo server, as plain data. */
const recordsOf = (pg: Playground) => ({
  messages: pg.state.messages(pg.demo.channels.general),
  audit: pg.state.auditLog(pg.demo.guildId),
});

test('GIVEN an edit, a delete and a bulk delete WHEN the playground restarts on its file THEN the history and audit log are as they were left', async () => {
  const path = join(dir, 'playground.db');
  const first = await open(path);
  const { channels, users, guildId } = first.demo;
  const channelId = channels.general;
  let before: ReturnType<typeof recordsOf> | undefined;
  const deleted: string[] = [];
  try {
    const post = (content: string) => first.postMessage({ channelId, authorId: users.alice, content }).id;
    const kept = post('kept');
    const edited = post('tpyo');
    const removed = post('oops');
    const spam = [post('spam 1'), post('spam 2')];
    const patch = await api(first, 'PATCH', `/channels/${channelId}/messages/${edited}`, {
      token: first.tokenFor(users.alice),
      body: { content: 'typo fixed' },
    });
    expect(patch.status).toBe(200);
    const del = await api(first, 'DELETE', `/channels/${channelId}/messages/${removed}`, {
      token: first.tokenFor(users.moderator),
      reason: 'off topic',
    });
    expect(del.status).toBe(204);
    first.bulkDeleteMessages({ channelId, messageIds: spam, actorId: users.moderator });
    deleted.push(removed, ...spam);
    expect(first.state.messages(channelId).map((m) => m.id)).toEqual([kept, edited]);
    before = recordsOf(first);
  } finally {
    await first.stop();
  }

  const second = await open(path);
  try {
    expect(second.restored).toBe(true);
    expect(recordsOf(second)).toEqual(before as ReturnType<typeof recordsOf>);
    expect(second.state.messages(channelId).map((m) => m.content)).toEqual(['kept', 'typo fixed']);
    expect(second.state.messages(channelId)[1]?.editedAt).toBeNumber();
    expect(second.state.auditLog(guildId).map((e) => [e.actionType, e.options])).toEqual([
      [72, { channel_id: channelId, count: '1' }],
      [73, { count: '2' }],
    ]);
    for (const id of deleted) {
      expect((await api(second, 'GET', `/channels/${channelId}/messages/${id}`)).body.code).toBe(10008);
    }
  } finally {
    await second.stop();
  }
});
