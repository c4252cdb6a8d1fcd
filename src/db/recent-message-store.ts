import { eq } from 'drizzle-orm';
import type { HistoryMessage } from '../discord/port.ts';
import { compareSnowflakes } from '../domain/snowflake-order.ts';
import type { BufferChange, RecentMessageStore, StoredBuffer } from '../history/recent-message-store.ts';
import type { Logger } from '../logger.ts';
import type { EryDatabase } from './client.ts';
import { recentMessageBuffers, recentMessages } from './schema.ts';

/** A stored message is used only when it still has the shape history reads. */
function isHistoryMessage(value: unknown, channelId: string): value is HistoryMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<HistoryMessage>;
  return (
    typeof message.id === 'string' &&
    message.channelId === channelId &&
    typeof message.content === 'string' &&
    typeof message.createdAt === 'number' &&
    typeof message.author?.id === 'string' &&
    typeof message.author.name === 'string'
  );
}

/**
 * The `RecentMessageStore` port over SQLite (tables `recent_messages`, `recent_message_buffers`).
 * `write` is one transaction. A buffer with a row that no longer reads as a message is dropped
 * with a warning and loads as none, so the next thread fills it once from Discord.
 */
export function createSqliteRecentMessageStore(db: EryDatabase, logger?: Logger): RecentMessageStore {
  // Raw, each message parsed here: a buffer is loaded for every channel the gateway first delivers
  // to, and drizzle's result mapping was a fifth of a load (issue 10). A message whose text is not
  // JSON reads as unreadable, like one that no longer has a message's shape.
  const selectBuffer = db.$client.prepare<{ completeFrom: string | null }, [string]>(
    'SELECT complete_from AS completeFrom FROM recent_message_buffers WHERE channel_id = ?',
  );
  const selectMessages = db.$client.prepare<{ message: string }, [string]>(
    'SELECT message FROM recent_messages WHERE channel_id = ?',
  );

  // Raw prepared statements: this runs for every message the gateway delivers (drizzle's
  // placeholders would also skip the JSON encoding of json-mode columns).
  const upsertBuffer = db.$client.prepare(
    `INSERT INTO recent_message_buffers (channel_id, complete_from) VALUES ($channelId, $completeFrom)
     ON CONFLICT (channel_id) DO UPDATE SET complete_from = excluded.complete_from`,
  );
  const upsertMessage = db.$client.prepare(
    `INSERT INTO recent_messages (channel_id, message_id, message) VALUES ($channelId, $messageId, $message)
     ON CONFLICT (channel_id, message_id) DO UPDATE SET message = excluded.message`,
  );
  const removeMessage = db.$client.prepare(
    'DELETE FROM recent_messages WHERE channel_id = $channelId AND message_id = $messageId',
  );

  const forget = (channelId: string): void => {
    db.transaction((tx) => {
      tx.delete(recentMessages).where(eq(recentMessages.channelId, channelId)).run();
      tx.delete(recentMessageBuffers).where(eq(recentMessageBuffers.channelId, channelId)).run();
    });
  };

  return {
    load(channelId): StoredBuffer | null {
      const buffer = selectBuffer.get(channelId);
      if (!buffer) return null;
      const rows = selectMessages.all(channelId).map((row) => parsed(row.message));
      if (!rows.every((row) => isHistoryMessage(row, channelId))) {
        logger?.warn(
          { event: 'history.buffer.unreadable', channelId },
          'stored recent messages unreadable; the channel will read its history from Discord once',
        );
        forget(channelId);
        return null;
      }
      const messages = (rows as HistoryMessage[]).sort((a, b) => compareSnowflakes(a.id, b.id));
      return { messages, completeFrom: buffer.completeFrom };
    },
    write(changes: readonly BufferChange[]): void {
      if (changes.length === 0) return;
      db.$client.transaction(() => {
        for (const { channelId, upserts, removals, completeFrom } of changes) {
          upsertBuffer.run({ channelId, completeFrom });
          for (const message of upserts) {
            upsertMessage.run({ channelId, messageId: message.id, message: JSON.stringify(message) });
          }
          // After the upserts: a message created and deleted within one flush ends up gone.
          for (const messageId of removals) removeMessage.run({ channelId, messageId });
        }
      })();
    },
    clear(): void {
      db.transaction((tx) => {
        tx.delete(recentMessages).run();
        tx.delete(recentMessageBuffers).run();
      });
    },
  };
}

/** A stored message's JSON, or undefined when it is not JSON (it then reads as unreadable). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
