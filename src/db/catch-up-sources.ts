import type { CatchUpSources, KnownChannel } from '../app/catch-up-sources.ts';
import type { EryDatabase } from './client.ts';

interface Row {
  channel_id: string;
  last_message_id: unknown;
  newest_seen_id: string | null;
  newest_others_id: string | null;
}

/**
 * The `CatchUpSources` port over SQLite: every channel with an actor row (reaped ones too) or a
 * stored recent-message buffer. The snapshot's `context.lastMessageId` is written with the
 * snapshot, in the same transaction, so it says exactly what the actor holds. The buffer's newest
 * id is found by value (snowflakes compare by length, then as text).
 */
export function createSqliteCatchUpSources(db: EryDatabase): CatchUpSources {
  const page = db.$client.prepare<Row, { after: string; limit: number; self: string }>(
    `WITH ids AS (
       SELECT channel_id FROM channels WHERE channel_id > $after
       UNION SELECT channel_id FROM recent_message_buffers WHERE channel_id > $after
       ORDER BY channel_id LIMIT $limit
     )
     SELECT ids.channel_id AS channel_id,
            json_extract(c.snapshot, '$.context.lastMessageId') AS last_message_id,
            (SELECT r.message_id FROM recent_messages r WHERE r.channel_id = ids.channel_id
              ORDER BY length(r.message_id) DESC, r.message_id DESC LIMIT 1) AS newest_seen_id,
            (SELECT r.message_id FROM recent_messages r WHERE r.channel_id = ids.channel_id
                AND json_extract(r.message, '$.author.id') IS NOT $self
              ORDER BY length(r.message_id) DESC, r.message_id DESC LIMIT 1) AS newest_others_id
     FROM ids LEFT JOIN channels c ON c.channel_id = ids.channel_id
     ORDER BY ids.channel_id`,
  );
  return {
    knownChannels(afterChannelId, limit, selfId): KnownChannel[] {
      return page.all({ after: afterChannelId ?? '', limit, self: selfId }).map((row) => ({
        channelId: row.channel_id,
        // A snapshot is stored data: anything but a snowflake there is read as unknown.
        lastMessageId:
          typeof row.last_message_id === 'string' && /^\d+$/.test(row.last_message_id)
            ? row.last_message_id
            : null,
        newestSeenId: row.newest_seen_id,
        newestOthersId: row.newest_others_id,
      }));
    },
  };
}
