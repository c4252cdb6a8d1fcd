import { Database } from 'bun:sqlite';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { realFilePath } from '../../db/real-path.ts';
import { EryError } from '../../domain/errors.ts';
import { silentLogger } from '../../logger.ts';
import type { RecordKind } from '../state.ts';
import type { PlaygroundStorage, SavedRecord, SavedWorld } from './port.ts';
import { isRecordKind, RECORD_SCHEMAS } from './record-schemas.ts';

/** Bumped when the rows' shape changes; a file written by another version is refused, not misread. */
const SCHEMA_VERSION = 1;

/** The saved playground could not be opened or read; the message names the file and what to do. */
export class PlaygroundStorageError extends EryError {
  /** @param options.fresh the open was already `--fresh`: advising it again would help nobody. */
  constructor(path: string, reason: string, options?: { cause?: unknown; fresh?: boolean }) {
    const advice = options?.fresh
      ? 'remove it or fix its permissions by hand, or set ERY_DB_PATH to another file'
      : 'move it away or start with --fresh';
    super(
      'PLAYGROUND_STATE_UNREADABLE',
      `the saved playground ${path} cannot be used (${reason}); ${advice}`,
      options,
    );
  }
}

/**
 * The file a playground run by Ery keeps its world in: beside Ery's database, named after its whole
 * file name (`data/ery.db` → `data/ery.db.playground`), so no two database paths share one
 * (`ery.db`, `ery.sqlite` and `ery` each get their own). The name is taken after every symlink is
 * followed (see `realFilePath`), so a link to the database finds its playground too. Null for an
 * in-memory Ery database (`:memory:`): the playground stays in memory too.
 */
export function playgroundPathFor(eryDbPath: string): string | null {
  if (eryDbPath === ':memory:') return null;
  return `${realFilePath(eryDbPath)}.playground`;
}

/**
 * A {@link PlaygroundStorage} in its own SQLite file (bun:sqlite, WAL): one row per record, its JSON
 * in `value` (bigints such as permissions tagged so they come back as bigints). Changes are written
 * behind: every change heard in one tick is committed in one transaction at the end of that tick,
 * so a clean stop loses nothing and a killed process at most its last tick. `fresh` replaces the file
 * with an empty one.
 * Throws {@link PlaygroundStorageError} when the file is not a database this version can read.
 */
export function openSqlitePlaygroundStorage(
  path: string,
  options: { fresh?: boolean; logger?: Logger } = {},
): PlaygroundStorage {
  const logger = options.logger ?? silentLogger;
  let db: Database;
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    // Fresh replaces the file whatever it holds, even one this version cannot read.
    if (options.fresh) for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    db = new Database(path, { create: true, strict: true });
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA busy_timeout = 5000');
    const { user_version: version } = db.query('PRAGMA user_version').get() as { user_version: number };
    if (version !== 0 && version !== SCHEMA_VERSION)
      throw new PlaygroundStorageError(path, `written by another version (${version})`);
    // Damage past the header (a torn or overwritten page) shows only when that page is read: find it
    // now, while a one-line refusal is still possible, not in the middle of a run.
    const check = db.query('PRAGMA quick_check(1)').get() as { quick_check: string } | null;
    if (check?.quick_check !== 'ok')
      throw new PlaygroundStorageError(
        path,
        `the file is damaged: ${oneLine(check?.quick_check ?? 'no answer')}`,
      );
    db.exec(`CREATE TABLE IF NOT EXISTS records (
      kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key)
    ) WITHOUT ROWID`);
    db.exec('CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  } catch (error) {
    if (error instanceof PlaygroundStorageError) throw error;
    throw new PlaygroundStorageError(path, sqliteReason(error), {
      cause: error,
      fresh: options.fresh === true,
    });
  }

  const upsert = db.prepare(
    'INSERT INTO records (kind, key, value) VALUES ($kind, $key, $value) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare('DELETE FROM records WHERE kind = $kind AND key = $key');
  const setMeta = db.prepare(
    'INSERT INTO meta (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  );
  // Keyed by kind and key: a record changed many times in one tick is written once, as it is then.
  const pending = new Map<string, { kind: RecordKind; key: string; record: object | null }>();
  let lastId: string | null = null;
  let scheduled = false;
  let closed = false;

  const commit = db.transaction(() => {
    for (const { kind, key, record } of pending.values()) {
      if (record === null) remove.run({ kind, key });
      else upsert.run({ kind, key, value: JSON.stringify(record, encodeBigInt) });
    }
    if (lastId !== null) setMeta.run({ name: 'lastId', value: lastId });
  });
  const flush = () => {
    scheduled = false;
    if (closed || (pending.size === 0 && lastId === null)) return;
    try {
      commit();
      pending.clear();
      lastId = null;
    } catch (error) {
      // Kept pending: the next change or the stop tries again. A playground never crashes on its disk.
      logger.error(
        { event: 'playground.save_failed', err: error, path },
        'saving the playground failed; will retry',
      );
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(flush);
  };
  const change = (kind: RecordKind, key: string, record: object | null) => {
    if (closed) return;
    pending.set(`${kind}\u0000${key}`, { kind, key, record });
    schedule();
  };

  return {
    load(): SavedWorld | null {
      let rows: Array<{ kind: string; key: string; value: string }>;
      let meta: { value: string } | null;
      try {
        rows = db.query('SELECT kind, key, value FROM records').all() as typeof rows;
        meta = db.query("SELECT value FROM meta WHERE name = 'lastId'").get() as typeof meta;
      } catch (error) {
        throw new PlaygroundStorageError(path, `the file is damaged: ${sqliteReason(error)}`, {
          cause: error,
        });
      }
      if (rows.length === 0) return null;
      return { records: rows.map((row) => savedRecord(path, row)), lastId: meta?.value ?? null };
    },
    put: (kind, key, record) => change(kind, key, record),
    remove: (kind, key) => change(kind, key, null),
    noteId(id) {
      if (closed) return;
      lastId = id;
      schedule();
    },
    flush,
    close() {
      if (closed) return;
      flush();
      closed = true;
      db.close();
    },
  };
}

/** One saved row as a record of its kind, or a refusal naming the row. */
function savedRecord(path: string, row: { kind: string; key: string; value: string }): SavedRecord {
  const where = `the saved ${row.kind} ${JSON.stringify(row.key)}`;
  if (!isRecordKind(row.kind))
    throw new PlaygroundStorageError(path, `${where} is of no kind the playground has`);
  let record: unknown;
  try {
    record = JSON.parse(row.value, decodeBigInt);
  } catch (error) {
    throw new PlaygroundStorageError(path, `${where} is not valid JSON`, { cause: error });
  }
  // Checked, not parsed: the record goes back as it was saved.
  const checked = RECORD_SCHEMAS[row.kind].safeParse(record);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new PlaygroundStorageError(
      path,
      `${where} has the wrong shape (${issue?.path.join('.') || 'record'}: ${oneLine(issue?.message ?? 'invalid')})`,
      { cause: checked.error },
    );
  }
  return { kind: row.kind, key: row.key, record };
}

/** What SQLite said, on one line: its code and message. */
function sqliteReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = oneLine(error instanceof Error ? error.message : String(error));
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const BIGINT_TAG = '$bigint';

function encodeBigInt(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { [BIGINT_TAG]: value.toString() } : value;
}

function decodeBigInt(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && BIGINT_TAG in value) {
    const tagged = (value as Record<string, unknown>)[BIGINT_TAG];
    if (typeof tagged === 'string') return BigInt(tagged);
  }
  return value;
}
