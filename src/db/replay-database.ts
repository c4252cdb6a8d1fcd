import { Database } from 'bun:sqlite';
import { existsSync } from 'node:fs';
import type { ChannelLog } from '../replay/channel-log.ts';
import { ReplayError } from '../replay/errors.ts';
import { channelLogOf, type LogReader } from '../replay/log-reader.ts';
import { openLogReader } from './log-reader.ts';

const quoted = (text: string) => JSON.stringify(text);
/** The tables replay reads; all exist in a database an up-to-date Ery has opened. */
const TABLES = ['channels', 'channel_events', 'channel_checkpoints', 'threads', 'thread_steps'];

/**
 * Opens the database at `path` read-only: no lock is taken and nothing is migrated, so replay runs
 * beside a running Ery (SQLite's WAL lets a reader see every committed write).
 *
 * @throws {ReplayError} `NO_DATABASE`, `UNREADABLE_DATABASE` or `OLD_SCHEMA`, each one line that
 *   says what to do.
 */
export function openReadOnly(path: string): Database {
  if (path === ':memory:' || !existsSync(path)) {
    throw new ReplayError(
      'NO_DATABASE',
      `no database at ${quoted(path)}; pass --db <path> or set ERY_DB_PATH to the file \`ery start\` uses`,
    );
  }
  let sqlite: Database | undefined;
  try {
    sqlite = new Database(path, { readonly: true, strict: true });
    sqlite.exec('PRAGMA busy_timeout = 5000');
    const present = new Set(
      (
        sqlite.query("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
      ).map((row) => row.name),
    );
    if (!present.has('channels') || !present.has('channel_events')) {
      throw new ReplayError(
        'UNREADABLE_DATABASE',
        `${quoted(path)} is not Ery's database (it has no channel log); pass --db with the file \`ery start\` uses`,
      );
    }
    const missing = TABLES.filter((table) => !present.has(table));
    if (missing.length > 0) {
      throw new ReplayError(
        'OLD_SCHEMA',
        `${quoted(path)} was last migrated by an older Ery (no ${missing.join(', ')}); run \`ery migrate\` (or start Ery once), then replay`,
      );
    }
    return sqlite;
  } catch (error) {
    sqlite?.close();
    if (error instanceof ReplayError) throw error;
    const code = String((error as { code?: unknown }).code ?? error);
    // A damaged file needs a backup, not another --db; anything else may be the wrong file.
    const advice = code.startsWith('SQLITE_CORRUPT')
      ? 'the file is damaged: restore it from a backup (sqlite3 .recover may save part of it)'
      : "pass --db with Ery's database file";
    throw new ReplayError('UNREADABLE_DATABASE', `cannot read ${quoted(path)} (${code}); ${advice}`, {
      cause: error,
    });
  }
}

/**
 * Runs `use` on the log of `channelId` in the database at `path`, opened read-only and read page by
 * page (see `openLogReader`), then closes it. What replay keeps is all it holds in memory.
 *
 * @throws {ReplayError} as {@link openReadOnly} and `openLogReader`.
 */
export async function withLogReader<T>(
  path: string,
  channelId: string,
  use: (reader: LogReader) => Promise<T>,
): Promise<T> {
  const sqlite = openReadOnly(path);
  try {
    return await use(openLogReader(sqlite, channelId, path));
  } finally {
    sqlite.close();
  }
}

/**
 * Everything stored about `channelId` in the database at `path`, in memory (see {@link ChannelLog}).
 *
 * @throws {ReplayError} as {@link openReadOnly}; `UNKNOWN_CHANNEL` when the channel has neither a
 *   row nor a logged event (the message names a few channels that do); `EMPTY_LOG` when it has a
 *   row but no event.
 */
export function readChannelLog(path: string, channelId: string): ChannelLog {
  const sqlite = openReadOnly(path);
  try {
    return loadChannelLog(sqlite, channelId, path);
  } finally {
    sqlite.close();
  }
}

/**
 * {@link readChannelLog} on a database already open (read-only or not); `where` names it in errors.
 * Damaged rows are kept, marked `unreadable` (see `openLogReader`).
 *
 * @throws {ReplayError} `UNKNOWN_CHANNEL`, `EMPTY_LOG` or `UNREADABLE_DATABASE`.
 */
export function loadChannelLog(sqlite: Database, channelId: string, where: string): ChannelLog {
  return channelLogOf(openLogReader(sqlite, channelId, where));
}
