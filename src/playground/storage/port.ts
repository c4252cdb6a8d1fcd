/**
 * Where a playground keeps its world between runs. The playground owns this port: without one it
 * lives in memory only (tests' `startPlayground({ port: 0 })`); `ery start` and `ery playground`
 * give it the SQLite file of ./sqlite-storage.ts beside Ery's own database.
 */
import type { RecordKind, StateJournal } from '../state.ts';

/** One saved record: its kind, its key in that kind, and the record itself. */
export interface SavedRecord {
  kind: RecordKind;
  key: string;
  record: unknown;
}

/** What a storage held when it was opened. */
export interface SavedWorld {
  records: SavedRecord[];
  /** The last snowflake the playground issued, so new ids never repeat an old one. */
  lastId: string | null;
}

/**
 * A playground's storage: it hears every change through the {@link StateJournal} methods and every
 * id issued through `noteId`, and may save them later (write-behind) as long as `flush` and `close`
 * save everything heard so far.
 */
export interface PlaygroundStorage extends StateJournal {
  /** The saved world, or null when nothing is saved (the playground then seeds itself). */
  load(): SavedWorld | null;
  noteId(id: string): void;
  /** Saves every change heard so far. */
  flush(): void;
  /** Flushes, then releases the storage. Safe to call twice. */
  close(): void;
}
