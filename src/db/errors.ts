import { ConfigError, EryError } from '../domain/errors.ts';

/** Why `ERY_DB_PATH` cannot be used; branch on this, never on the message text. */
export type DatabasePathProblem =
  | 'FOLDER'
  | 'NOT_CREATABLE'
  | 'NOT_READABLE'
  | 'NOT_WRITABLE'
  | 'NOT_SQLITE'
  | 'NOT_OPENABLE'
  | 'NOT_ERY'
  | 'HARD_LINKED'
  | 'LOCK_FILE_UNUSABLE';

/**
 * `ERY_DB_PATH` names something Ery cannot use as its database. A config error (exit code 2):
 * its one-line message names the variable and says what to do.
 */
export class DatabasePathError extends ConfigError {
  constructor(
    readonly problem: DatabasePathProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('ERY_DB_PATH', message, options);
  }
}

/**
 * Another Ery process holds the database at `path`. Two processes on one database and one token
 * would answer every mention twice (issue 7), so the second one refuses to start.
 */
export class DatabaseInUseError extends EryError {
  constructor(readonly path: string) {
    super(
      'DB_IN_USE',
      `ERY_DB_PATH: another Ery process is using ${JSON.stringify(path)}; stop it first, or give this one its own ERY_DB_PATH`,
    );
  }
}
