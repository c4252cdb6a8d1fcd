/**
 * A damaged playground file as a process meets it (issue 7): whatever the damage (a garbage
 * header, broken pages past the header, a record of the wrong shape or kind), `ery start` stops
 * with the one line that names the file and says to move it away or start with --fresh, never a
 * stack trace; and `--fresh` then starts.
 */
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_IDS } from '../../src/playground/index.ts';
import { cliEnv, finished, spawnEry, stdoutUntil } from './support/cli-process.ts';

setDefaultTimeout(60_000);
const dir = mkdtempSync(join(tmpdir(), 'ery-cli-damage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const envFor = (name: string) =>
  cliEnv({ ERY_DB_PATH: join(dir, name, 'ery.db'), ERY_HTTP_PORT: '0', ERY_PLAYGROUND_PORT: '0' });
/** A playground file as a real run left it, copied for each case. */
const good = join(dir, 'good', 'ery.db.playground');

beforeAll(async () => {
  const child = spawnEry(['playground'], { cwd: dir, env: envFor('good') });
  await stdoutUntil(child, 'Ops:');
  child.kill('SIGTERM');
  expect(await child.exited).toBe(0);
});

/** Runs SQL on a copy of the good file. */
const rewrite =
  (sql: string, ...params: string[]) =>
  (path: string) => {
    const db = new Database(path);
    db.query(sql).run(...params);
    db.close();
  };
const setRecord = (kind: string, key: string, value: string) =>
  rewrite('UPDATE records SET value = ? WHERE kind = ? AND key = ?', value, kind, key);

const damages: Array<{ given: string; damage: (path: string) => void }> = [
  {
    given: 'a garbage header',
    damage: (path) => writeFileSync(path, 'not a database at all, only some text'),
  },
  {
    given: 'a valid header and random bytes after offset 4096',
    damage: (path) => {
      const bytes = readFileSync(path);
      const random = crypto.getRandomValues(new Uint8Array(bytes.length - 4096));
      writeFileSync(path, Buffer.concat([bytes.subarray(0, 4096), random]));
    },
  },
  { given: 'a user record {"id":5}', damage: setRecord('user', DEMO_IDS.users.owner, '{"id":5}') },
  {
    given: 'a member whose roleIds is not a list',
    damage: rewrite(
      `UPDATE records SET value = json_set(value, '$.roleIds', 'admin') WHERE kind = 'member' AND key LIKE '%${DEMO_IDS.users.owner}'`,
    ),
  },
  {
    given: 'a role whose permissions lost their bigint tag',
    damage: rewrite(`UPDATE records SET value = json_set(value, '$.permissions', 8) WHERE kind = 'role'`),
  },
  { given: 'a record that is not JSON', damage: setRecord('user', DEMO_IDS.users.owner, '{"id":') },
  {
    given: 'a record of a kind the playground does not have',
    damage: rewrite(`INSERT INTO records (kind, key, value) VALUES ('planet', 'mars', '{}')`),
  },
];

describe('a damaged playground file', () => {
  damages.forEach(({ given, damage }, index) => {
    test(`GIVEN ${given} THEN ery start stops with one line naming the file and suggesting --fresh, and --fresh starts`, async () => {
      const name = `case-${index}`;
      const path = join(dir, name, 'ery.db.playground');
      mkdirSync(join(dir, name));
      copyFileSync(good, path);
      damage(path);

      const result = await finished(spawnEry(['start'], { cwd: dir, env: envFor(name) }));
      const lines = result.stderr.trim().split('\n');
      expect({ given, code: result.code, lines: lines.length }).toEqual({ given, code: 1, lines: 1 });
      expect(lines[0]).toStartWith(`ery: the saved playground ${path} cannot be used (`);
      expect(lines[0]).toEndWith('; move it away or start with --fresh');
      expect(result.stderr).not.toMatch(/\n\s+at /);

      const fresh = spawnEry(['start', '--fresh'], { cwd: dir, env: envFor(name) });
      await stdoutUntil(fresh, 'Ops:');
      fresh.kill('SIGTERM');
      expect(await fresh.exited).toBe(0);
    });
  });
});
