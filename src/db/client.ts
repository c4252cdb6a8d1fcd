import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BunSQLiteDatabase, drizzle } from 'drizzle-orm/bun-sqlite';
import { migrate } from 'drizzle-orm/bun-sqlite/migrator';
import * as schema from './schema.ts';

/** The drizzle database Ery works with, typed by its schema. */
export type EryDatabase = BunSQLiteDatabase<typeof schema> & { $client: Database };

/** Anchored to this file, not the working directory, so `ery` works from anywhere. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens (creating if needed) the SQLite file at `path` with the pragmas Ery relies on: WAL so
 * readers never block the write-behind flush, NORMAL sync (durable at each checkpoint, fast per
 * transaction), foreign keys, and a busy timeout for the CLI running beside the bot.
 * `:memory:` opens a private in-memory database.
 */
export function openDatabase(path: string, options: { migrate?: boolean } = {}): EryDatabase {
  // `dirname`, not `resolve`: `..` after a symlinked folder is the kernel's to follow (real-path.ts).
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  // First: switching to WAL needs a moment of exclusive access, and a reader beside it (another
  // process checking the file at start-up) must be waited for, not fail the start with SQLITE_BUSY.
  sqlite.exec('PRAGMA busy_timeout = 5000');
  sqlite.exec('PRAGMA journal_mode = WAL');
  sqlite.exec('PRAGMA synchronous = NORMAL');
  sqlite.exec('PRAGMA foreign_keys = ON');
  const db = drizzle({ client: sqlite, schema });
  if (options.migrate ?? true) runMigrations(db);
  return db;
}

/** Applies every migration in migrations/ not yet applied; safe to call on every start. */
export function runMigrations(db: EryDatabase): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
