import { getTableColumns, inArray, sql } from 'drizzle-orm';
import { eventText } from '../../actors/supervisor/item-texts.ts';
import type { ChannelRecord, PersistBatch, SnapshotStore } from '../../actors/supervisor/snapshot-store.ts';
import { ACTIVE_CHANNEL_STATES } from '../../machines/channel.types.ts';
import type { EryDatabase } from './client.ts';
import { channels, threads } from './schema.ts';

/** A channel row with its snapshot as stored text, parsed by {@link readRecord}. */
const ROW = { ...getTableColumns(channels), snapshot: sql<string>`${channels.snapshot}` };

/**
 * A stored channel row with its snapshot parsed, or with `snapshotError` saying why not when it is
 * not JSON (damaged on disk or by hand, cut short): the supervisor then starts the channel fresh
 * instead of failing on every message of it, and one bad row never stops the others from resuming
 * (issues 9, 11).
 */
function readRecord(row: Omit<ChannelRecord, 'snapshot'> & { snapshot: string }): ChannelRecord {
  try {
    return { ...row, snapshot: JSON.parse(row.snapshot) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ...row, snapshot: null, snapshotError: `snapshot is not JSON (${why})` };
  }
}

/** The supervisor's `SnapshotStore` over SQLite, with prepared statements: the write path runs every tick. */
export function createSqliteSnapshotStore(db: EryDatabase): SnapshotStore {
  // The write path runs every tick for every busy channel: raw prepared statements, each JSON
  // value serialised once, by one `JSON.stringify` (drizzle's placeholders cost ~15% of ingest,
  // issue 10).
  const upsertChannel = db.$client.prepare(
    `INSERT INTO channels (channel_id, guild_id, machine_version, status, snapshot, last_event_seq,
       permit_requested_at, updated_at, reaped_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
     ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id,
       machine_version = excluded.machine_version, status = excluded.status,
       snapshot = excluded.snapshot, last_event_seq = excluded.last_event_seq,
       permit_requested_at = excluded.permit_requested_at, updated_at = excluded.updated_at,
       reaped_at = excluded.reaped_at`,
  );
  // Most writes of a channel change only its snapshot, its last event and its time (a message
  // joins a batch): those three are updated alone, so the status index and the other columns are
  // not rewritten (a tenth of the upsert's time, issue 10). A row that is not there or differs in
  // another column is matched by none, and upserted whole. Same parameters as `upsertChannel`.
  const updateSnapshot = db.$client.prepare(
    `UPDATE channels SET snapshot = ?5, last_event_seq = ?6, updated_at = ?8
     WHERE channel_id = ?1 AND guild_id = ?2 AND machine_version = ?3 AND status = ?4
       AND permit_requested_at IS ?7 AND reaped_at IS ?9`,
  );
  const insertEvent = db.$client.prepare(
    `INSERT INTO channel_events (channel_id, seq, at, type, event)
     VALUES ($channelId, $seq, $at, $type, $event) ON CONFLICT DO NOTHING`,
  );
  // A row written again after the same event: the latest write is what the channel row holds.
  const upsertCheckpoint = db.$client.prepare(
    `INSERT INTO channel_checkpoints (channel_id, seq, at, machine_version, digest)
     VALUES (?1, ?2, ?3, ?4, ?5)
     ON CONFLICT (channel_id, seq) DO UPDATE SET at = excluded.at,
       machine_version = excluded.machine_version, digest = excluded.digest`,
  );
  // Raw too: every new channel asks both (drizzle's result mapping was most of their cost, issue 10).
  const selectLoggedSeq = db.$client.prepare<{ seq: number | null }, [string]>(
    'SELECT max(seq) AS seq FROM channel_events WHERE channel_id = ?',
  );
  const upsertThread = db
    .insert(threads)
    .values({
      id: sql.placeholder('id'),
      channelId: sql.placeholder('channelId'),
      guildId: sql.placeholder('guildId'),
      trigger: sql.placeholder('trigger'),
      messageIds: sql.placeholder('messageIds'),
      status: sql.placeholder('status'),
      startedAt: sql.placeholder('startedAt'),
      endedAt: sql.placeholder('endedAt'),
      error: sql.placeholder('error'),
      model: sql.placeholder('model'),
      promptTokens: sql.placeholder('promptTokens'),
      completionTokens: sql.placeholder('completionTokens'),
    })
    .onConflictDoUpdate({
      target: threads.id,
      set: {
        status: sql`excluded.status`,
        endedAt: sql`excluded.ended_at`,
        error: sql`excluded.error`,
        model: sql`coalesce(excluded.model, ${threads.model})`,
        promptTokens: sql`max(excluded.prompt_tokens, ${threads.promptTokens})`,
        completionTokens: sql`max(excluded.completion_tokens, ${threads.completionTokens})`,
      },
    })
    .prepare();
  const selectOne = db.$client.prepare<Parameters<typeof readRecord>[0], [string]>(
    `SELECT channel_id AS channelId, guild_id AS guildId, machine_version AS machineVersion, status,
       snapshot, last_event_seq AS lastEventSeq, permit_requested_at AS permitRequestedAt,
       updated_at AS updatedAt, reaped_at AS reapedAt
     FROM channels WHERE channel_id = ?`,
  );

  // Built once: a transaction function per write was a measurable part of a tick (issue 10).
  const writeBatch = db.$client.transaction((batch: PersistBatch) => {
    for (const event of batch.events) {
      const { channelId, seq, at, type } = event;
      insertEvent.run({ channelId, seq, at, type, event: eventText(event.event) ?? null });
    }
    for (const thread of batch.threads) {
      upsertThread.run({
        ...thread,
        model: thread.model ?? null,
        promptTokens: thread.promptTokens ?? 0,
        completionTokens: thread.completionTokens ?? 0,
      });
    }
    // Positional: binding by name looks each parameter up in an object built per row (a tenth
    // of the upsert's time, issue 10).
    for (const channel of batch.channels) {
      const row = [
        channel.channelId,
        channel.guildId,
        channel.machineVersion,
        channel.status,
        channel.snapshotJson ?? JSON.stringify(channel.snapshot),
        channel.lastEventSeq,
        channel.permitRequestedAt,
        channel.updatedAt,
        channel.reapedAt,
      ] as const;
      if (updateSnapshot.run(...row).changes === 0) upsertChannel.run(...row);
    }
    for (const { channelId, seq, at, machineVersion, digest } of batch.checkpoints) {
      upsertCheckpoint.run(channelId, seq, at, machineVersion, JSON.stringify(digest));
    }
  });

  return {
    load: (channelId) => {
      const row = selectOne.get(channelId);
      return row ? readRecord(row) : undefined;
    },
    loadActive: () =>
      (
        db
          .select(ROW)
          .from(channels)
          .where(inArray(channels.status, [...ACTIVE_CHANNEL_STATES]))
          .all() as Array<Parameters<typeof readRecord>[0]>
      ).map(readRecord),
    loggedSeq: (channelId) => selectLoggedSeq.get(channelId)?.seq ?? 0,
    write: (batch) => {
      if (batch.channels.length + batch.events.length + batch.threads.length === 0) return;
      writeBatch(batch);
    },
  };
}
