import type * as Records from '../records.ts';
import { compareSnowflakes } from '../snowflake.ts';
import { type RecordKind, StateStore } from '../state.ts';
import type { PlaygroundStorage, SavedRecord, SavedWorld } from './port.ts';

/** The kinds of record, in the order they go back: what a record refers to comes before it. */
const ORDER: RecordKind[] = ['user', 'guild', 'channel', 'role', 'member', 'ban', 'message', 'audit'];

/**
 * Puts saved records back into an empty store, before any journal is attached. Messages and audit
 * rows go in by id, so every channel's history and every guild's log are oldest first again.
 */
export function restoreInto(store: StateStore, records: readonly SavedRecord[]): void {
  const byKind = new Map<RecordKind, SavedRecord[]>(ORDER.map((kind) => [kind, []]));
  for (const saved of records) byKind.get(saved.kind)?.push(saved);
  const each = <T>(kind: RecordKind, put: (record: T) => void) => {
    const saved = byKind.get(kind) ?? [];
    if (kind === 'message' || kind === 'audit') saved.sort((a, b) => compareSnowflakes(a.key, b.key));
    for (const { record } of saved) put(record as T);
  };
  each<Records.UserRecord>('user', (r) => store.putUser(r));
  each<Records.GuildRecord>('guild', (r) => store.putGuild(r));
  each<Records.ChannelRecord>('channel', (r) => store.putChannel(r));
  each<Records.RoleRecord>('role', (r) => store.putRole(r));
  each<Records.MemberRecord>('member', (r) => store.putMember(r));
  each<Records.BanRecord>('ban', (r) => store.putBan(r));
  each<Records.MessageRecord>('message', (r) => store.putMessage(r));
  each<Records.AuditLogRecord>('audit', (r) => store.addAudit(r));
}

/**
 * The store a playground starts with: the world saved in `storage` when it holds one, else a new
 * one filled by `seed`. Every change after the restore (the seed included) is reported to
 * `storage`. When the saved world cannot be read the storage is closed and the error thrown.
 */
export function openWorld(
  storage: PlaygroundStorage | undefined,
  seed: (store: StateStore) => void,
): { store: StateStore; saved: SavedWorld | null } {
  const store = new StateStore();
  let saved: SavedWorld | null;
  try {
    saved = storage?.load() ?? null;
  } catch (error) {
    storage?.close();
    throw error;
  }
  if (saved) restoreInto(store, saved.records);
  if (storage) store.attach(storage);
  if (!saved) seed(store);
  return { store, saved };
}
