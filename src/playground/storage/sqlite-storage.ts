import { Database } from 'bun:sqlite';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { realFilePath } from '../../db/real-path.ts';
import { EryError } from '../../domain/errors.ts';
import { silentLogger } from '../../logger.ts';
import type { RecordKind } from '../state.ts';
import type { PlaygroundStorage, SavedRecord, SavedWorld } from './port.ts';

/** Bumped when the rows' shape changes; a file written by another version is refused, not misread. */
const SCHEMA_VERSION = 1;

/** The saved playground could not be opened or read; the message names the file and what to do. */
export class PlaygroundStorageError extends EryError {
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(
      'PLAYGROUND_STATE_UNREADABLE',
      `the saved playground ${path} cannot be used (${reason}); move it away or start with --fresh`,
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
    db.exec(`CREATE TABLE IF NOT EXISTS records (
      kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key)
    ) WITHOUT ROWID`);
    db.exec('CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  } catch (error) {
    if (error instanceof PlaygroundStorageError) throw error;
    throw new PlaygroundStorageError(path, error instanceof Error ? error.message : String(error), {
      cause: error,
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
      logger.error({ err: error, path }, 'saving the playground failed; will retry');
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
      const rows = db.query('SELECT kind, key, value FROM records').all() as Array<{
        kind: RecordKind;
        key: string;
        value: string;
      }>;
      if (rows.length === 0) return null;
      let records: SavedRecord[];
      try {
        records = rows.map(({ kind, key, value }) => ({
          kind,
          key,
          record: JSON.parse(value, decodeBigInt),
        }));
      } catch (error) {
        throw new PlaygroundStorageError(path, 'a saved record is not valid JSON', { cause: error });
      }
      const meta = db.query("SELECT value FROM meta WHERE name = 'lastId'").get() as { value: string } | null;
      return { records, lastId: meta?.value ?? null };
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
