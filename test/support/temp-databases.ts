import { afterEach } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';

/** Real SQLite files for the calling file's tests, each in a fresh temp folder. */
export interface TempDatabases {
  /** The path of a database file (`file`, default `ery.db`) in a fresh folder named `<prefix>…`. */
  path(file?: string): string;
  /** Opens the database at `path` (a fresh file when absent); it is closed after the test. */
  open(path?: string): EryDatabase;
}

/**
 * Real SQLite files for the calling file's tests: after each test every database opened through
 * {@link TempDatabases.open} is closed and every folder made is removed.
 */
export function useTempDatabases(prefix: string): TempDatabases {
  const dirs: string[] = [];
  const databases: EryDatabase[] = [];
  afterEach(() => {
    for (const db of databases.splice(0)) db.$client.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const path = (file = 'ery.db') => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return join(dir, file);
  };
  const open = (at = path()) => {
    const db = openDatabase(at);
    databases.push(db);
    return db;
  };
  return { path, open };
}
