import { CHANNEL_MACHINE_VERSION } from '../../machines/channel.machine.ts';

/** A snapshot's state and context, as persisted. */
export interface PlainSnapshot {
  status?: unknown;
  value: unknown;
  context: unknown;
}

/** Turns a snapshot of machine version `n` into one of version `n + 1`. */
export type SnapshotMigration = (snapshot: PlainSnapshot) => PlainSnapshot;

/**
 * Migrations of persisted channel snapshots, keyed by the version they migrate from. Empty while
 * the snapshot's shape has not changed since version 1: when `CHANNEL_MACHINE_VERSION` is bumped,
 * the migration from the old version goes here, so replay can still compare old snapshots.
 */
export const SNAPSHOT_MIGRATIONS: Readonly<Record<number, SnapshotMigration>> = {};

/** A snapshot brought to this machine's version, or why it cannot be. */
export type Migrated = { snapshot: PlainSnapshot; migratedFrom: number | null } | { problem: string };

/**
 * Brings `snapshot`, written by machine version `version`, to `target` (default this Ery's) by
 * applying each migration in turn. A snapshot from a newer machine, or an older one with a
 * missing step, cannot be: the answer says so, for replay to report instead of comparing.
 */
export function migrateSnapshot(
  snapshot: PlainSnapshot,
  version: number,
  migrations: Readonly<Record<number, SnapshotMigration>> = SNAPSHOT_MIGRATIONS,
  target: number = CHANNEL_MACHINE_VERSION,
): Migrated {
  if (version === target) return { snapshot, migratedFrom: null };
  if (version > target) {
    return {
      problem: `written by machine version ${version}, newer than this Ery's (${target}): upgrade Ery`,
    };
  }
  let current = snapshot;
  for (let from = version; from < target; from += 1) {
    const step = migrations[from];
    if (!step) {
      return {
        problem: `written by machine version ${version}; this Ery (${target}) has no migration from version ${from}`,
      };
    }
    current = step(current);
  }
  return { snapshot: current, migratedFrom: version };
}
