import { eq, getTableColumns, inArray, max, sql } from 'drizzle-orm';
import type { ChannelRecord, SnapshotStore } from '../../actors/supervisor/snapshot-store.ts';
import { ACTIVE_CHANNEL_STATES } from '../../machines/channel.types.ts';
import type { EryDatabase } from './client.ts';
import { channelCheckpoints, channelEvents, channels, threads } from './schema.ts';

/** A channel row with its snapshot as stored text, parsed by {@link readRecord}. */
const ROW = { ...getTableColumns(channels), snapshot: sql<string>`${channels.snapshot}` };

/**
 * A stored channel row with its snapshot parsed, or `null` as its snapshot when that is not JSON
 * (damaged on disk or by hand): the supervisor then starts the channel fresh instead of failing on
 * every message of it, and one bad row never stops the others from resuming (issue 9).
 */
function readRecord(row: Omit<ChannelRecord, 'snapshot'> & { snapshot: string }): ChannelRecord {
  let snapshot: unknown = null;
  try {
    snapshot = JSON.parse(row.snapshot);
  } catch {
    // Left null: not a channel snapshot, so `unrestorable` logs it corrupt.
  }
  return { ...row, snapshot };
}

/** The supervisor's `SnapshotStore` over SQLite, with prepared statements: the write path runs every tick. */
export function createSqliteSnapshotStore(db: EryDatabase): SnapshotStore {
  const upsertChannel = db
    .insert(channels)
    .values({
      channelId: sql.placeholder('channelId'),
      guildId: sql.placeholder('guildId'),
      machineVersion: sql.placeholder('machineVersion'),
      status: sql.placeholder('status'),
      snapshot: sql.placeholder('snapshot'),
      lastEventSeq: sql.placeholder('lastEventSeq'),
      permitRequestedAt: sql.placeholder('permitRequestedAt'),
      updatedAt: sql.placeholder('updatedAt'),
      reapedAt: sql.placeholder('reapedAt'),
    })
    .onConflictDoUpdate({
      target: channels.channelId,
      set: {
        guildId: sql`excluded.guild_id`,
        machineVersion: sql`excluded.machine_version`,
        status: sql`excluded.status`,
        snapshot: sql`excluded.snapshot`,
        lastEventSeq: sql`excluded.last_event_seq`,
        permitRequestedAt: sql`excluded.permit_requested_at`,
        updatedAt: sql`excluded.updated_at`,
        reapedAt: sql`excluded.reaped_at`,
      },
    })
    .prepare();
  const insertEvent = db
    .insert(channelEvents)
    .values({
      channelId: sql.placeholder('channelId'),
      seq: sql.placeholder('seq'),
      at: sql.placeholder('at'),
      type: sql.placeholder('type'),
      event: sql.placeholder('event'),
    })
    .onConflictDoNothing()
    .prepare();
  const upsertCheckpoint = db
    .insert(channelCheckpoints)
    .values({
      channelId: sql.placeholder('channelId'),
      seq: sql.placeholder('seq'),
      at: sql.placeholder('at'),
      machineVersion: sql.placeholder('machineVersion'),
      digest: sql.placeholder('digest'),
    })
    // A row written again after the same event: the latest write is what the channel row holds.
    .onConflictDoUpdate({
      target: [channelCheckpoints.channelId, channelCheckpoints.seq],
      set: {
        at: sql`excluded.at`,
        machineVersion: sql`excluded.machine_version`,
        digest: sql`excluded.digest`,
      },
    })
    .prepare();
  const selectLoggedSeq = db
    .select({ seq: max(channelEvents.seq) })
    .from(channelEvents)
    .where(eq(channelEvents.channelId, sql.placeholder('channelId')))
    .prepare();
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
  const selectOne = db
    .select(ROW)
    .from(channels)
    .where(eq(channels.channelId, sql.placeholder('channelId')))
    .prepare();

  return {
    load: (channelId) => {
      const row = selectOne.get({ channelId }) as Parameters<typeof readRecord>[0] | undefined;
      return row && readRecord(row);
    },
    loadActive: () =>
      (
        db
          .select(ROW)
          .from(channels)
          .where(inArray(channels.status, [...ACTIVE_CHANNEL_STATES]))
          .all() as Array<Parameters<typeof readRecord>[0]>
      ).map(readRecord),
    loggedSeq: (channelId) => selectLoggedSeq.get({ channelId })?.seq ?? 0,
    write: (batch) => {
      if (batch.channels.length + batch.events.length + batch.threads.length === 0) return;
      db.transaction(() => {
        for (const event of batch.events) insertEvent.run({ ...event });
        for (const thread of batch.threads) {
          upsertThread.run({
            ...thread,
            model: thread.model ?? null,
            promptTokens: thread.promptTokens ?? 0,
            completionTokens: thread.completionTokens ?? 0,
          });
        }
        for (const channel of batch.channels) upsertChannel.run({ ...channel });
        for (const checkpoint of batch.checkpoints) upsertCheckpoint.run({ ...checkpoint });
      });
    },
  };
}
