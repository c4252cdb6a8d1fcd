import type { Database } from 'bun:sqlite';
import { drizzle } from 'drizzle-orm/bun-sqlite';
import type { InspectorStores, RecordedStores } from '../inspector/stores.ts';
import { createActorLog } from './actor-log.ts';
import { createChannelHistory } from './channel-history.ts';
import type { EryDatabase } from './client.ts';
import { openLogReader } from './log-reader.ts';
import * as schema from './schema.ts';
import { createThreadRecords } from './thread-records.ts';

/**
 * The inspector's {@link RecordedStores} over Ery's SQLite database `db`: thread records, the actor
 * log, and channels' logs read anew at each request (errors name the database file).
 */
export function recordedStores(db: EryDatabase): RecordedStores {
  return {
    threads: createThreadRecords(db),
    actorLog: createActorLog(db.$client),
    logs: { reader: (channelId) => openLogReader(db.$client, channelId, db.$client.filename) },
  };
}

/** The live inspector's {@link InspectorStores} over Ery's SQLite database `db` (src/app/run.ts). */
export function inspectorStores(db: EryDatabase): InspectorStores {
  return { ...recordedStores(db), history: createChannelHistory(db) };
}

/**
 * {@link recordedStores} over a database opened by the caller without drizzle: `ery replay
 * --inspect` opens it read-only (see `openReadOnly`), and these only read.
 */
export function replayStores(sqlite: Database): RecordedStores {
  return recordedStores(drizzle({ client: sqlite, schema }) as EryDatabase);
}
