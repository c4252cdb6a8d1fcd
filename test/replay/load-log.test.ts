import { Database } from 'bun:sqlite';
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { readChannelLog } from '../../src/db/replay-database.ts';
import { ReplayError } from '../../src/replay/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'ery-replay-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failure = (path: string) => {
  try {
    readChannelLog(path, '100');
  } catch (error) {
    if (error instanceof ReplayError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('no error');
};

describe('reading a channel log', () => {
  test('GIVEN another program’s SQLite file THEN it is refused as not Ery’s database, and left as it was', () => {
    const path = join(dir, 'other.db');
    const other = new Database(path);
    other.run('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    other.close();
    expect(failure(path)).toEqual({
      code: 'UNREADABLE_DATABASE',
      message: `${JSON.stringify(path)} is not Ery's database (it has no channel log); pass --db with the file \`ery start\` uses`,
    });
    const after = new Database(path, { readonly: true });
    expect(after.query("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([
      { name: 'notes' },
    ]);
    after.close();
  });

  test('GIVEN a database an older Ery migrated THEN it says to run ery migrate', () => {
    const path = join(dir, 'old.db');
    const db = openDatabase(path);
    db.$client.run('DROP TABLE channel_checkpoints');
    db.$client.close();
    expect(failure(path)).toMatchObject({ code: 'OLD_SCHEMA' });
    expect(failure(path).message).toContain('(no channel_checkpoints); run `ery migrate`');
  });

  test('GIVEN a file that is not SQLite THEN it says it cannot be read', async () => {
    const path = join(dir, 'text.db');
    await Bun.write(path, 'just some text, long enough to be read as a header by SQLite..........');
    expect(failure(path)).toMatchObject({ code: 'UNREADABLE_DATABASE' });
  });
});
