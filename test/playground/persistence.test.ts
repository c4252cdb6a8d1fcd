/**
 * A saved playground (issue 7): its world lives in its own SQLite file, so a playground started
 * again on that file has every message, reaction, member, role, ban, timeout, nonce and audit row it
 * had, and the ids it makes next never repeat one it made before.
 */
import { Database } from 'bun:sqlite';
import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openSqlitePlaygroundStorage,
  type Playground,
  type PlaygroundState,
  PlaygroundStorageError,
  playgroundPathFor,
  startPlayground,
} from '../../src/playground/index.ts';
import { api } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ery-playground-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: Playground[] = [];
afterEach(async () => {
  for (const pg of running.splice(0)) await pg.stop();
});

let files = 0;
const newFile = () => join(dir, `playground-${++files}.db`);

async function start(path: string, options: { fresh?: boolean; now?: () => number } = {}) {
  const pg = await startPlayground({
    port: 0,
    storage: openSqlitePlaygroundStorage(path, { fresh: options.fresh ?? false }),
    ...(options.now ? { now: options.now } : {}),
  });
  running.push(pg);
  return pg;
}

async function stop(pg: Playground) {
  running.splice(running.indexOf(pg), 1);
  await pg.stop();
}

/** One record as the file holds it now, read through a second connection. */
function savedRecord(path: string, kind: string, key: string) {
  const reader = new Database(path, { readonly: true });
  try {
    const row = reader.query('SELECT value FROM records WHERE kind = ? AND key = ?').get(kind, key) as {
      value: string;
    } | null;
    return row ? JSON.parse(row.value) : undefined;
  } finally {
    reader.close();
  }
}

/** Everything a playground holds, as plain data. */
function worldOf(state: PlaygroundState) {
  return {
    users: state.users(),
    guilds: state.guilds().map((guild) => ({
      guild,
      channels: state
        .channels(guild.id)
        .map((channel) => ({ channel, messages: state.messages(channel.id) })),
      roles: state.roles(guild.id),
      members: state.members(guild.id),
      bans: state.bans(guild.id),
      auditLog: state.auditLog(guild.id),
    })),
  };
}

describe('a saved playground', () => {
  test('GIVEN messages, a reaction, a reply with a nonce, a timeout, role changes and a ban WHEN the playground restarts on its file THEN its whole world is the same', async () => {
    const path = newFile();
    const first = await start(path);
    expect(first.restored).toBe(false);
    const { guildId, users, roles, channels } = first.demo;
    const greeting = first.postMessage({
      channelId: channels.general,
      authorId: users.alice,
      content: 'hello',
    });
    const reply = await api(first, 'POST', `/channels/${channels.general}/messages`, {
      body: {
        content: 'hi Alice',
        nonce: 'reply-1',
        enforce_nonce: true,
        message_reference: { message_id: greeting.id },
      },
    });
    expect(reply.status).toBe(200);
    // Each change in its own tick, so none is saved only because a later one touched the same record.
    first.react({ channelId: channels.general, messageId: greeting.id, userId: users.bob, emoji: '👋' });
    await Bun.sleep(0);
    expect(
      (await api(first, 'PUT', `/guilds/${guildId}/members/${users.alice}/roles/${roles.trusted}`)).status,
    ).toBe(204);
    expect(savedRecord(path, 'member', `${guildId}:${users.alice}`)?.roleIds).toContain(roles.trusted);
    const until = new Date(Date.now() + 600_000).toISOString();
    const timeout = await api(first, 'PATCH', `/guilds/${guildId}/members/${users.alice}`, {
      body: { communication_disabled_until: until },
    });
    expect(timeout.status).toBe(200);
    const created = await api(first, 'POST', `/guilds/${guildId}/roles`, { body: { name: 'Helper' } });
    expect(created.status).toBe(200);
    expect(
      (
        await api(first, 'PATCH', `/guilds/${guildId}/roles/${created.body.id}`, {
          body: { name: 'Helpers' },
        })
      ).status,
    ).toBe(200);
    const ban = await api(first, 'PUT', `/guilds/${guildId}/bans/${users.bob}`, { reason: 'spam' });
    expect(ban.status).toBe(204);
    const before = worldOf(first.state);
    await stop(first);

    const second = await start(path);
    expect(second.restored).toBe(true);
    expect(worldOf(second.state)).toEqual(before);
    expect(second.state.messages(channels.general).map((m) => m.content)).toEqual(['hello', 'hi Alice']);
    expect(second.state.message(greeting.id)?.reactions).toEqual([
      { emoji: { id: null, name: '👋' }, userIds: [users.bob] },
    ]);
    expect(second.state.member(guildId, users.alice)?.communicationDisabledUntil).toBe(Date.parse(until));
    expect(second.state.member(guildId, users.alice)?.roleIds).toContain(roles.trusted);
    expect(second.state.role(created.body.id)?.name).toBe('Helpers');
    expect(second.state.member(guildId, users.bob)).toBeUndefined();
    expect(second.state.ban(guildId, users.bob)?.reason).toBe('spam');
    expect(typeof second.state.role(guildId)?.permissions).toBe('bigint');

    // The rules hold on the restored world: Alice is still timed out, Bob still banned, the nonce remembered.
    expect(() =>
      second.postMessage({ channelId: channels.general, authorId: users.alice, content: 'x' }),
    ).toThrow();
    const again = await api(second, 'POST', `/channels/${channels.general}/messages`, {
      body: { content: 'hi Alice', nonce: 'reply-1', enforce_nonce: true },
    });
    expect(again.body.id).toBe(reply.body.id);
    // A discord.js-style read of the history sees the same messages.
    const history = await api(second, 'GET', `/channels/${channels.general}/messages?limit=10`);
    expect(history.body.map((m: { id: string }) => m.id)).toEqual([reply.body.id, greeting.id]);
  });

  test('GIVEN a clock that stands still WHEN the playground restarts THEN new ids still never repeat old ones', async () => {
    const path = newFile();
    const now = () => 1_750_000_000_000;
    const first = await start(path, { now });
    const { channels, users } = first.demo;
    const old = [1, 2, 3].map(
      (n) => first.postMessage({ channelId: channels.random, authorId: users.alice, content: `old ${n}` }).id,
    );
    await stop(first);
    const second = await start(path, { now });
    const next = second.postMessage({ channelId: channels.random, authorId: users.bob, content: 'new' }).id;
    expect(old).not.toContain(next);
    expect(BigInt(next) > BigInt(old.at(-1) as string)).toBe(true);
    expect(second.state.messages(channels.random).map((m) => m.content)).toEqual([
      'old 1',
      'old 2',
      'old 3',
      'new',
    ]);
  });

  test('GIVEN a change WHEN the process has not stopped THEN the file already has it after that tick', async () => {
    const path = newFile();
    const pg = await start(path);
    const message = pg.postMessage({
      channelId: pg.demo.channels.general,
      authorId: pg.demo.users.bob,
      content: 'now',
    });
    await Promise.resolve();
    expect(savedRecord(path, 'message', message.id)?.content).toBe('now');
  });

  test('GIVEN fresh THEN the playground starts from its seed with no message', async () => {
    const path = newFile();
    const first = await start(path);
    first.postMessage({
      channelId: first.demo.channels.general,
      authorId: first.demo.users.bob,
      content: 'gone',
    });
    await stop(first);
    const second = await start(path, { fresh: true });
    expect(second.restored).toBe(false);
    expect(second.state.messages(second.demo.channels.general)).toEqual([]);
    expect(second.state.members(second.demo.guildId)).toHaveLength(5);
    await stop(second);
    // The seed itself was saved: the next start resumes it.
    const third = await start(path);
    expect(third.restored).toBe(true);
    expect(worldOf(third.state).guilds[0]?.members).toHaveLength(5);
  });

  test('GIVEN a file that is not a saved playground THEN opening it fails with one typed error naming the file', () => {
    const path = join(dir, 'not-sqlite.db');
    writeFileSync(path, 'this is not a database, just text that is long enough to look like a header');
    let error: unknown;
    try {
      openSqlitePlaygroundStorage(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlaygroundStorageError);
    expect((error as PlaygroundStorageError).code).toBe('PLAYGROUND_STATE_UNREADABLE');
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('--fresh');
    // As the message says, fresh starts over on that path.
    const storage = openSqlitePlaygroundStorage(path, { fresh: true });
    expect(storage.load()).toBeNull();
    storage.close();
  });

  test('GIVEN a folder where the file should be WHEN opened fresh THEN the error says to remove it by hand, not to use --fresh again', () => {
    const path = join(dir, 'a-folder.playground');
    mkdirSync(join(path, 'inside'), { recursive: true });
    let error: unknown;
    try {
      openSqlitePlaygroundStorage(path, { fresh: true });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlaygroundStorageError);
    expect((error as Error).message).toContain('remove it or fix its permissions by hand');
    expect((error as Error).message).not.toContain('--fresh');
  });

  test('GIVEN an Ery database path THEN the playground file sits beside it, named after its whole file name', () => {
    expect(playgroundPathFor('/srv/ery/data/ery.db')).toBe('/srv/ery/data/ery.db.playground');
    expect(playgroundPathFor('/srv/ery/state')).toBe('/srv/ery/state.playground');
    expect(playgroundPathFor(':memory:')).toBeNull();
  });

  test('GIVEN databases in one folder that differ only in their extension THEN no two share a playground file', () => {
    const names = ['ery.db', 'ery.sqlite', 'ery', 'ery.db.db', 'ery.sqlite3', 'ERY.db'];
    const paths = names.map((name) => playgroundPathFor(`/srv/ery/data/${name}`));
    expect(new Set(paths).size).toBe(names.length);
  });
});
