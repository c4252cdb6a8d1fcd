import { Database } from 'bun:sqlite';
import { existsSync } from 'node:fs';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/bun-sqlite';
import type { SnapshotDigest } from '../../actors/supervisor/checkpoint.ts';
import type { ChannelRecord } from '../../actors/supervisor/snapshot-store.ts';
import * as schema from '../db/schema.ts';
import type { ChannelLog, LoggedCheckpoint, LoggedEvent, LoggedStep, LoggedThread } from './channel-log.ts';
import { ReplayError } from './errors.ts';

const { channelCheckpoints, channelEvents, channels, threadSteps, threads } = schema;
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
    const code = (error as { code?: unknown }).code ?? String(error);
    throw new ReplayError(
      'UNREADABLE_DATABASE',
      `cannot read ${quoted(path)} (${String(code)}); pass --db with Ery's database file`,
      { cause: error },
    );
  }
}

/**
 * Everything stored about `channelId` in the database at `path` (see {@link ChannelLog}).
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
 *
 * @throws {ReplayError} `UNKNOWN_CHANNEL` or `EMPTY_LOG`.
 */
export function loadChannelLog(sqlite: Database, channelId: string, where: string): ChannelLog {
  const db = drizzle({ client: sqlite, schema });
  const row = (db.select().from(channels).where(eq(channels.channelId, channelId)).get() ??
    null) as ChannelRecord | null;
  // Whole rows, the channel id dropped: the log is one channel's.
  const events: LoggedEvent[] = db
    .select()
    .from(channelEvents)
    .where(eq(channelEvents.channelId, channelId))
    .orderBy(asc(channelEvents.seq))
    .all()
    .map(({ seq, at, type, event }) => ({ seq, at, type, event: event as LoggedEvent['event'] }));
  if (events.length === 0) throw noLog(sqlite, where, channelId, row !== null);
  const checkpoints: LoggedCheckpoint[] = db
    .select()
    .from(channelCheckpoints)
    .where(eq(channelCheckpoints.channelId, channelId))
    .orderBy(asc(channelCheckpoints.seq))
    .all()
    .map(({ seq, at, machineVersion, digest }) => ({
      seq,
      at,
      machineVersion,
      digest: digest as SnapshotDigest,
    }));
  const threadRows = db
    .select()
    .from(threads)
    .where(eq(threads.channelId, channelId))
    .orderBy(asc(threads.startedAt))
    .all() as Array<LoggedThread & Record<string, unknown>>;
  const ids = threadRows.map((thread) => thread.id);
  const stepRows =
    ids.length === 0
      ? []
      : db
          .select()
          .from(threadSteps)
          .where(inArray(threadSteps.threadId, ids))
          .orderBy(threadSteps.step, sql`rowid`)
          .all();
  const steps: Record<string, LoggedStep[]> = Object.fromEntries(ids.map((id) => [id, []]));
  for (const { threadId, key, step, kind, payload, at } of stepRows)
    steps[threadId]?.push({ key, step, kind, payload, at });
  return {
    channelId,
    row,
    events,
    checkpoints,
    threads: threadRows.map(({ id, trigger, status, messageIds, startedAt, endedAt, error, model }) => ({
      id,
      trigger,
      status,
      messageIds,
      startedAt,
      endedAt,
      error,
      model,
    })),
    steps,
  };
}

/** The error for a channel without events: unknown (naming a few that have some), or an empty log. */
function noLog(sqlite: Database, path: string, channelId: string, hasRow: boolean): ReplayError {
  if (hasRow) {
    return new ReplayError(
      'EMPTY_LOG',
      `channel ${channelId} has a stored snapshot but no logged event in ${quoted(path)}: nothing to replay`,
    );
  }
  const known = (
    sqlite
      .query(
        'SELECT channel_id AS id, max(at) AS last FROM channel_events GROUP BY channel_id ORDER BY last DESC LIMIT 4',
      )
      .all() as Array<{ id: string }>
  ).map((row) => row.id);
  const hint =
    known.length === 0
      ? 'no channel has a log there yet'
      : `channels with a log, latest first: ${known.slice(0, 3).join(', ')}${known.length > 3 ? ', …' : ''}`;
  return new ReplayError(
    'UNKNOWN_CHANNEL',
    `no channel ${channelId} in ${quoted(path)} (${hint}); check the id or --db`,
  );
}
