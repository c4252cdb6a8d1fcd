import { EryError } from '../domain/errors.ts';

/** Why there is nothing to replay; branch on `code`, never on the message. */
export type ReplayProblem =
  /** `--db` / `ERY_DB_PATH` names no file. */
  | 'NO_DATABASE'
  /** The file cannot be read as Ery's database. */
  | 'UNREADABLE_DATABASE'
  /** The database predates the tables replay reads: `ery migrate` brings it up to date. */
  | 'OLD_SCHEMA'
  /** No channel with that id has a row or a logged event. */
  | 'UNKNOWN_CHANNEL'
  /** The channel has a row but no logged event. */
  | 'EMPTY_LOG'
  /** The log does not begin with the channel actor's creation, so no state can be rebuilt. */
  | 'NO_START'
  /** `--thread` names no thread of that channel. */
  | 'UNKNOWN_THREAD'
  /** `--from`/`--to` leave no step of the log. */
  | 'EMPTY_RANGE'
  /** A row of the log cannot be read (damaged on disk or by hand): the message names it. */
  | 'UNREADABLE_ROW';

/**
 * `ery replay` cannot rebuild what was asked (exit code 1). The one-line message says what is
 * missing and what to do.
 */
export class ReplayError extends EryError {
  constructor(
    override readonly code: ReplayProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
