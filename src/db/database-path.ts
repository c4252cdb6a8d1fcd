import { Database } from 'bun:sqlite';
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabasePathError } from './errors.ts';
import { realFilePath } from './real-path.ts';

/** The first 16 bytes of every SQLite 3 database file (sqlite.org/fileformat.html §1.3.1). */
const SQLITE_HEADER = 'SQLite format 3\0';

const quoted = (path: string) => JSON.stringify(path);

/** The table drizzle's migrator keeps its journal in; every database Ery has opened has it. */
const MIGRATIONS_TABLE = '__drizzle_migrations';

function failsAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return false;
  } catch {
    return true;
  }
}

/** The error code of a failed fs call (`ENOENT`, `ENOTDIR`, `EACCES`…), or undefined. */
function fsCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Makes sure the folder `dir` exists and this process may create files in it (SQLite writes its
 * `-wal` and `-shm` files beside the database). Names the part of the path that is in the way.
 */
function ensureWritableFolder(path: string, dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    // The nearest part of the path that exists is what stands in the way.
    let blocker = dir;
    while (dirname(blocker) !== blocker && tryStat(blocker) instanceof Error) blocker = dirname(blocker);
    const stat = tryStat(blocker);
    const why =
      !(stat instanceof Error) && !stat.isDirectory()
        ? `${quoted(blocker)} is a file, not a folder`
        : `the folder ${quoted(dir)} cannot be created (${fsCode(error) ?? String(error)})`;
    throw new DatabasePathError(
      'NOT_CREATABLE',
      `cannot create ${quoted(path)}: ${why}; set ERY_DB_PATH to a file in a folder this user can write`,
      { cause: error },
    );
  }
  if (failsAccess(dir, constants.W_OK | constants.X_OK)) {
    throw new DatabasePathError(
      'NOT_WRITABLE',
      `the folder ${quoted(dir)} is not writable by this user, and SQLite writes its journal beside the database; make it writable or set ERY_DB_PATH to a file in a folder this user can write`,
    );
  }
}

function tryStat(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** True when the file at `path` is empty (SQLite makes it a database) or starts with SQLite's header. */
function looksLikeSqlite(path: string, size: number): boolean {
  if (size === 0) return true;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  return header.toString('latin1') === SQLITE_HEADER;
}

/**
 * Checks that `path` (the value of `ERY_DB_PATH`) can be Ery's SQLite database, before anything
 * connects: it is a SQLite file this user can read and write in a writable folder, or a file that
 * can be created there (its folder is created now). `:memory:` always passes.
 *
 * @throws {DatabasePathError} with a one-line message naming `ERY_DB_PATH`: a folder, a path that
 *   cannot be created, an unreadable or unwritable file, a file that is not SQLite, another
 *   program's SQLite database, or a file with more than one hard link.
 */
export function checkDatabasePath(path: string): void {
  if (path === ':memory:') return;
  // The file the kernel and SQLite will open, not the path as text (`L/../ery.db`, see real-path.ts).
  const file = realFilePath(path);
  const stat = tryStat(file);
  if (stat instanceof Error) {
    if (fsCode(stat) !== 'ENOENT' && fsCode(stat) !== 'ENOTDIR') {
      throw new DatabasePathError(
        'NOT_READABLE',
        `cannot read ${quoted(path)} (${fsCode(stat)}); make it readable or set ERY_DB_PATH to another file`,
        { cause: stat },
      );
    }
    ensureWritableFolder(path, dirname(file));
    probe(path, file);
    return;
  }
  if (stat.isDirectory()) {
    throw new DatabasePathError(
      'FOLDER',
      // The suggestion inside that folder only where this user may write; else the default path.
      `${quoted(path)} is a folder, not a file; set ERY_DB_PATH to a file path such as ${quoted(failsAccess(file, constants.W_OK) ? 'data/ery.db' : `${path.replace(/\/+$/, '')}/ery.db`)}`,
    );
  }
  if (!stat.isFile() || failsAccess(file, constants.R_OK)) {
    throw new DatabasePathError(
      'NOT_READABLE',
      `${quoted(path)} is not a file this user can read; set ERY_DB_PATH to Ery's database file or a new path`,
    );
  }
  if (!looksLikeSqlite(file, stat.size)) {
    throw new DatabasePathError(
      'NOT_SQLITE',
      `${quoted(path)} is not a SQLite database; set ERY_DB_PATH to Ery's database file or a new path`,
    );
  }
  if (stat.nlink > 1) {
    // Two names for one file would be two databases to the lock, and SQLite keeps its -wal and
    // -shm files per name, which corrupts the database (sqlite.org/howtocorrupt.html §2.5).
    throw new DatabasePathError(
      'HARD_LINKED',
      `${quoted(path)} has ${stat.nlink} hard links (other names for the same file), which SQLite cannot share safely; give the database one name (remove the other links) or set ERY_DB_PATH to another file`,
    );
  }
  if (failsAccess(file, constants.W_OK)) {
    throw new DatabasePathError(
      'NOT_WRITABLE',
      `${quoted(path)} is not writable by this user; make it writable or set ERY_DB_PATH to another file`,
    );
  }
  ensureWritableFolder(path, dirname(file));
  probe(path, file);
}

/**
 * Opens the file with SQLite and reads its schema: what the checks above cannot see (a place the OS
 * refuses to create files in even for root, a damaged header) fails here, still before anything
 * connects. Creates the file when it is missing, as opening it for real would. A database that
 * is not Ery's is refused too (see `refuseForeignDatabase`).
 */
function probe(path: string, file: string): void {
  let db: Database | undefined;
  let tables: string[] = [];
  try {
    db = new Database(file, { create: true, readwrite: true });
    db.query('PRAGMA schema_version').get();
    tables = (
      db
        .query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as Array<{
        name: string;
      }>
    ).map((row) => row.name);
  } catch (error) {
    const code = fsCode(error) ?? 'SQLITE_ERROR';
    throw new DatabasePathError(
      code === 'SQLITE_NOTADB' ? 'NOT_SQLITE' : 'NOT_OPENABLE',
      `SQLite cannot open ${quoted(path)} (${code}); set ERY_DB_PATH to Ery's database file or a new file in a folder this user can write`,
      { cause: error },
    );
  } finally {
    db?.close();
  }
  refuseForeignDatabase(path, tables);
}

/**
 * Refuses another program's SQLite database: one with tables but not drizzle's migration journal,
 * which every Ery database has from its first start. Ery would otherwise add its tables beside
 * someone else's data (issue 7).
 */
function refuseForeignDatabase(path: string, tables: readonly string[]): void {
  if (tables.length === 0 || tables.includes(MIGRATIONS_TABLE)) return;
  const shown = tables.slice(0, 3).join(', ') + (tables.length > 3 ? ', …' : '');
  throw new DatabasePathError(
    'NOT_ERY',
    `${quoted(path)} is another program's SQLite database (tables ${shown}, none of Ery's); set ERY_DB_PATH to Ery's database file or a new path`,
  );
}
