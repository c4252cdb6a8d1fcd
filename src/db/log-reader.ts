import type { Database } from 'bun:sqlite';
import type { SnapshotDigest } from '../../actors/supervisor/checkpoint.ts';
import type {
  LoggedCheckpoint,
  LoggedEvent,
  LoggedRow,
  LoggedStep,
  LoggedThread,
} from '../replay/channel-log.ts';
import { ReplayError } from '../replay/errors.ts';
import type { LogExtent, LogReader } from '../replay/log-reader.ts';
import { readDigest, readEvent, readJson, valueOr } from './stored-json.ts';

/** Rows read per query: memory stays this many rows, whatever the size of the log. */
export const PAGE_ROWS = 1_000;

const quoted = (text: string) => JSON.stringify(text);

/** What a failed read of SQLite says, in a few words: its message and its code. */
export function sqliteProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * The log of `channelId` in the open database `sqlite` as replay's {@link LogReader} port: its row, extent,
 * restores and threads are read now; its events and checkpoints in pages of {@link PAGE_ROWS} as
 * replay asks for them, and a thread's steps when asked. Nothing is thrown for a damaged row: an
 * event, checkpoint or snapshot that cannot be read carries `unreadable` saying why, and a page
 * the database cannot read ends the events with one such row. `where` names the file in errors.
 *
 * @throws {ReplayError} `UNKNOWN_CHANNEL` (naming a few channels that have a log) or `EMPTY_LOG`,
 *   as before; `UNREADABLE_DATABASE` when even the channel's row or extent cannot be read.
 */
export function openLogReader(sqlite: Database, channelId: string, where: string): LogReader {
  try {
    const extent = readExtent(sqlite, channelId);
    const row = readRow(sqlite, channelId);
    if (extent.events === 0) throw noLog(sqlite, where, channelId, row !== null);
    const inits = sqlite
      .query("SELECT event FROM channel_events WHERE channel_id = ? AND type = 'xstate.init'")
      .all(channelId) as Array<{ event: unknown }>;
    const restoredFrom = new Set<number>();
    for (const init of inits) {
      const origin = valueOr(readEvent(init.event), { type: 'xstate.init' }).origin;
      if (origin?.kind === 'restored') restoredFrom.add(origin.fromSeq);
    }
    return {
      channelId,
      row,
      extent,
      restoredFrom,
      threads: readThreads(sqlite, channelId),
      events: () => pages(sqlite, EVENTS, channelId, toEvent),
      checkpoints: () => pages(sqlite, CHECKPOINTS, channelId, toCheckpoint),
      steps: (threadId) => readSteps(sqlite, threadId),
    };
  } catch (error) {
    if (error instanceof ReplayError) throw error;
    throw new ReplayError(
      'UNREADABLE_DATABASE',
      `cannot read the log of channel ${channelId} in ${quoted(where)}: ${sqliteProblem(error)}; the database is damaged: restore it from a backup`,
      { cause: error },
    );
  }
}

const EVENTS =
  'SELECT seq, at, type, event AS json FROM channel_events WHERE channel_id = ? AND seq > ? ORDER BY seq LIMIT ?';
const CHECKPOINTS =
  'SELECT seq, at, machine_version AS machineVersion, digest AS json FROM channel_checkpoints WHERE channel_id = ? AND seq > ? ORDER BY seq LIMIT ?';

type RawRow = { seq: number; at: number; json: unknown } & Record<string, unknown>;

/**
 * Every row of `sql` for the channel, a page at a time (keyset: `seq` after the last one read).
 * A page the database cannot read ends the rows with one marked unreadable, right after the last
 * good one.
 */
function* pages<T extends { seq: number }>(
  sqlite: Database,
  sql: string,
  channelId: string,
  toItem: (row: RawRow, problem?: string) => T,
): Generator<T> {
  const query = sqlite.query(sql);
  let after = Number.MIN_SAFE_INTEGER;
  let lastAt = 0;
  for (;;) {
    let rows: RawRow[];
    try {
      rows = query.all(channelId, after, PAGE_ROWS) as RawRow[];
    } catch (error) {
      const seq = after === Number.MIN_SAFE_INTEGER ? 1 : after + 1;
      const from = after === Number.MIN_SAFE_INTEGER ? 'from the start' : `after #${after}`;
      yield toItem(
        { seq, at: lastAt, json: null, type: 'unreadable', machineVersion: 0 },
        `the rows ${from} cannot be read: ${sqliteProblem(error)}`,
      );
      return;
    }
    for (const row of rows) {
      after = row.seq;
      lastAt = row.at;
      yield toItem(row);
    }
    if (rows.length < PAGE_ROWS) return;
  }
}

function toEvent(row: RawRow, problem?: string): LoggedEvent {
  const type = String(row.type);
  const read = problem === undefined ? readEvent(row.json) : { problem };
  if ('value' in read) return { seq: row.seq, at: row.at, type, event: read.value };
  return { seq: row.seq, at: row.at, type, event: { type }, unreadable: read.problem };
}

function toCheckpoint(row: RawRow, problem?: string): LoggedCheckpoint {
  const read = problem === undefined ? readDigest(row.json) : { problem };
  const base = { seq: row.seq, at: row.at, machineVersion: Number(row.machineVersion) };
  if ('value' in read) return { ...base, digest: read.value };
  return { ...base, digest: {} as SnapshotDigest, unreadable: read.problem };
}

function readExtent(sqlite: Database, channelId: string): LogExtent {
  const span = sqlite
    .query(
      `SELECT count(*) AS events, min(seq) AS firstSeq, max(seq) AS lastSeq,
         (SELECT at FROM channel_events WHERE channel_id = ?1 ORDER BY seq LIMIT 1) AS firstAt,
         (SELECT at FROM channel_events WHERE channel_id = ?1 ORDER BY seq DESC LIMIT 1) AS lastAt,
         (SELECT count(*) FROM channel_checkpoints WHERE channel_id = ?1) AS checkpoints
       FROM channel_events WHERE channel_id = ?1`,
    )
    .get(channelId) as Record<keyof LogExtent, number | null>;
  const number = (value: number | null) => value ?? 0;
  return {
    events: number(span.events),
    firstSeq: number(span.firstSeq),
    lastSeq: number(span.lastSeq),
    firstAt: number(span.firstAt),
    lastAt: number(span.lastAt),
    checkpoints: number(span.checkpoints),
  };
}

function readRow(sqlite: Database, channelId: string): LoggedRow | null {
  const row = sqlite
    .query(
      `SELECT channel_id AS channelId, guild_id AS guildId, machine_version AS machineVersion, status,
         snapshot, last_event_seq AS lastEventSeq, permit_requested_at AS permitRequestedAt,
         updated_at AS updatedAt, reaped_at AS reapedAt
       FROM channels WHERE channel_id = ?`,
    )
    .get(channelId) as (LoggedRow & { snapshot: unknown }) | null;
  if (!row) return null;
  const read = readJson(row.snapshot, 'channels.snapshot');
  return 'value' in read
    ? { ...row, snapshot: read.value }
    : { ...row, snapshot: null, unreadable: read.problem };
}

function readThreads(sqlite: Database, channelId: string): LoggedThread[] {
  const rows = sqlite
    .query(
      `SELECT id, trigger, status, message_ids AS messageIds, started_at AS startedAt, ended_at AS endedAt,
         error, model FROM threads WHERE channel_id = ? ORDER BY started_at`,
    )
    .all(channelId) as Array<LoggedThread & { messageIds: unknown }>;
  return rows.map((row) => {
    const ids = valueOr(readJson(row.messageIds, 'threads.message_ids'), []);
    return { ...row, messageIds: Array.isArray(ids) ? ids.map(String) : [] };
  });
}

function readSteps(sqlite: Database, threadId: string): LoggedStep[] {
  try {
    const rows = sqlite
      .query('SELECT key, step, kind, payload, at FROM thread_steps WHERE thread_id = ? ORDER BY step, rowid')
      .all(threadId) as Array<LoggedStep & { payload: unknown }>;
    // A payload that is not JSON is shown as an unreadable record, as one of another shape is.
    return rows.map((row) => ({
      ...row,
      payload: valueOr(readJson(row.payload, 'thread_steps.payload'), null),
    }));
  } catch (error) {
    const problem = `its thread_steps rows cannot be read: ${sqliteProblem(error)}`;
    return [{ key: `${threadId}:steps`, step: 0, kind: 'model', payload: null, at: 0, unreadable: problem }];
  }
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
