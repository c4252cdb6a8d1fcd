import { Database } from 'bun:sqlite';
import { checkDatabasePath } from './database-path.ts';
import { DatabaseInUseError, DatabasePathError } from './errors.ts';
import { realFilePath } from './real-path.ts';

/** Ery's claim on its database; held until {@link DatabaseClaim.release} or the process ends. */
export interface DatabaseClaim {
  /**
   * The database file the claim is on, with every symlink followed (see `realFilePath`);
   * `:memory:` as is. What Ery keeps beside the database (the playground file) is named after this.
   */
  readonly databasePath: string;
  /** The sidecar file holding the lock (`null` for `:memory:`, which no other process can see). */
  readonly lockPath: string | null;
  /** Lets another process use the database. Safe to call twice. */
  release(): void;
}

/**
 * Checks `ERY_DB_PATH` and claims the database for this process, before anything connects. The
 * claim is an exclusive SQLite lock on a sidecar file beside the real database file,
 * `<real path>.lock`, so a symlink to a database (or to its folder) finds the same lock as the
 * path it links to (issue 7); `checkDatabasePath` refuses hard links. `locking_mode=EXCLUSIVE`
 * and an open `BEGIN EXCLUSIVE`, taken with `busy_timeout=0` so a second claimant fails at once.
 * The OS drops the lock when its holder dies, even on SIGKILL, so a crash never blocks the next
 * start (unlike a pid file). SQLite tracks locks per file inside a process too, so a second claim
 * in the same process is refused as well.
 *
 * @throws {DatabasePathError} when the path cannot be Ery's database (see `checkDatabasePath`) or
 *   the lock file is not usable.
 * @throws {DatabaseInUseError} when another Ery holds the claim.
 */
export function claimDatabase(path: string): DatabaseClaim {
  checkDatabasePath(path);
  if (path === ':memory:') return { databasePath: path, lockPath: null, release: () => {} };
  const databasePath = realFilePath(path);
  const lockPath = `${databasePath}.lock`;
  let lock: Database | undefined;
  try {
    lock = new Database(lockPath, { create: true, readwrite: true });
    lock.exec('PRAGMA busy_timeout = 0');
    lock.exec('PRAGMA locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock?.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(path);
    throw new DatabasePathError(
      'LOCK_FILE_UNUSABLE',
      `cannot lock ${JSON.stringify(lockPath)} (${String((error as { code?: unknown }).code ?? error)}); delete that file if no Ery is running, or set ERY_DB_PATH to another file`,
      { cause: error },
    );
  }
  const held = lock;
  let released = false;
  return {
    databasePath,
    lockPath,
    release: () => {
      if (released) return;
      released = true;
      held.close();
    },
  };
}
