/**
 * Claiming ERY_DB_PATH in process: the path checks by their problem code, the exclusive lock, and
 * Ery apps started and stopped one after another on one database file (as the crash tests do).
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEry } from '../../src/app/run.ts';
import { openDatabase } from '../../src/db/client.ts';
import { claimDatabase } from '../../src/db/database-lock.ts';
import { checkDatabasePath } from '../../src/db/database-path.ts';
import { DatabaseInUseError, DatabasePathError, type DatabasePathProblem } from '../../src/db/errors.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { thrown } from '../support/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'ery-db-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkDatabasePath', () => {
  test('GIVEN a folder, a path under a file, a text file or a damaged header THEN it throws DatabasePathError with that problem', () => {
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'file'), 'x');
    writeFileSync(join(dir, 'text.db'), 'not sqlite');
    writeFileSync(join(dir, 'almost.db'), 'SQLite format 2\0 and more bytes');
    const cases: Record<string, DatabasePathProblem> = {
      folder: 'FOLDER',
      'file/ery.db': 'NOT_CREATABLE',
      'file/deeper/ery.db': 'NOT_CREATABLE',
      'text.db': 'NOT_SQLITE',
      'almost.db': 'NOT_SQLITE',
    };
    for (const [path, problem] of Object.entries(cases)) {
      const error = thrown(() => checkDatabasePath(join(dir, path)));
      expect(error).toBeInstanceOf(DatabasePathError);
      expect({ path, problem: (error as DatabasePathError).problem }).toEqual({ path, problem });
      expect((error as DatabasePathError).code).toBe('CONFIG_INVALID');
      expect((error as DatabasePathError).message).toStartWith('ERY_DB_PATH: ');
    }
  });

  test('GIVEN a new path in missing folders, an empty file, Ery’s database or :memory: THEN it passes', () => {
    const existing = join(dir, 'existing.db');
    openDatabase(existing).$client.close();
    writeFileSync(join(dir, 'empty.db'), '');
    for (const path of [join(dir, 'new', 'nested', 'ery.db'), join(dir, 'empty.db'), existing, ':memory:']) {
      expect(() => checkDatabasePath(path)).not.toThrow();
    }
  });
});

describe('claimDatabase', () => {
  test('GIVEN a claimed database THEN a second claim throws DatabaseInUseError until the first is released', () => {
    const path = join(dir, 'claimed.db');
    const first = claimDatabase(path);
    expect(first.lockPath).toBe(`${path}.lock`);
    const error = thrown(() => claimDatabase(path));
    expect(error).toBeInstanceOf(DatabaseInUseError);
    expect((error as DatabaseInUseError).code).toBe('DB_IN_USE');
    first.release();
    first.release();
    claimDatabase(path).release();
  });

  test('GIVEN :memory: THEN every claim succeeds (no other process can see it)', () => {
    const claims = [claimDatabase(':memory:'), claimDatabase(':memory:')];
    expect(claims.map((claim) => claim.lockPath)).toEqual([null, null]);
  });

  test('GIVEN the lock path is taken by a folder THEN it throws DatabasePathError LOCK_FILE_UNUSABLE', () => {
    const path = join(dir, 'blocked.db');
    mkdirSync(`${path}.lock`);
    const error = thrown(() => claimDatabase(path));
    expect((error as DatabasePathError).problem).toBe('LOCK_FILE_UNUSABLE');
  });
});

describe('Ery apps on one database file', () => {
  test('GIVEN a running Ery THEN a second runEry on its database is refused before it starts a playground, and once the first stops a new one runs', async () => {
    const env = loadEnv({ ERY_DB_PATH: join(dir, 'app.db'), ERY_PLAYGROUND_PORT: '0' });
    const first = await runEry({ env, logger: silentLogger, playground: true, ops: false });
    // On the first one's playground port: binding before claiming would fail as PORT_IN_USE instead.
    const port = new URL(first.playground?.url ?? '').port;
    const clash = loadEnv({ ERY_DB_PATH: env.ERY_DB_PATH, ERY_PLAYGROUND_PORT: port });
    const refused = await runEry({ env: clash, logger: silentLogger, playground: true, ops: false }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DatabaseInUseError);
    expect(first.playground?.connections).toBe(1);
    await first.stop();
    const second = await runEry({ env, logger: silentLogger, playground: true, ops: false });
    await second.stop();
  }, 30_000);
});
