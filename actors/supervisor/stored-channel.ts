import { CHANNEL_MACHINE_VERSION, type ChannelContext } from '../../machines/channel.machine.ts';
import type { Logger } from '../../src/logger.ts';
import { migrateSnapshot, type PlainSnapshot } from '../../src/replay/snapshot-migrations.ts';
import { snapshotProblem } from './snapshot-shape.ts';
import type { ChannelRecord, SnapshotStore } from './snapshot-store.ts';
import type { SupervisorFaults } from './supervisor.types.ts';

type StoredSnapshot = { value?: unknown; context?: Partial<ChannelContext> } | null;

/**
 * An idle channel whose timeout passed while it was not loaded counts as reaped: its next message
 * starts a fresh actor, exactly as if it had stayed loaded and been reaped on time.
 */
export function overdueIdle(record: ChannelRecord, now: number): boolean {
  if (record.status !== 'idle') return false;
  const context = (record.snapshot as StoredSnapshot)?.context;
  if (context?.idleSince == null || !context.settings) return false;
  return now >= context.idleSince + context.settings.idleTimeoutMs;
}

/** Why a stored channel started fresh instead of resuming: see `ery_channel_resets_total`. */
export type ChannelResetReason = 'version_mismatch' | 'corrupt' | 'unreadable' | 'restore_failed';

/**
 * The stored row as XState can restore it, or null when it cannot, and its channel starts fresh
 * (issue 11 §3): a snapshot that is not JSON, one written by a machine version this Ery has no
 * migration from (or a newer one), one whose state is not a live state of the channel machine,
 * or whose context is cut short or belongs to another channel ({@link snapshotProblem}). Each is
 * logged as a warning naming the channel and the reason (`channel.restore.version_mismatch` or
 * `channel.restore.corrupt`) and counted (`faults.channelReset`); other channels are untouched.
 * A snapshot of an older version with a migration (src/replay/snapshot-migrations.ts) is migrated.
 */
export function restorable(
  record: ChannelRecord,
  logger: Logger,
  faults: SupervisorFaults,
): ChannelRecord | null {
  const found = examine(record);
  if ('record' in found) return found.record;
  logger.warn(
    { event: `channel.restore.${found.kind}`, channelId: record.channelId, reason: found.reason },
    `stored snapshot of channel ${record.channelId} cannot be restored (${found.reason}); starting the channel fresh`,
  );
  faults.channelReset(found.kind);
  return null;
}

type Examined = { record: ChannelRecord } | { kind: 'version_mismatch' | 'corrupt'; reason: string };

function examine(record: ChannelRecord): Examined {
  if (record.snapshotError) return { kind: 'corrupt', reason: record.snapshotError };
  let snapshot = record.snapshot;
  if (record.machineVersion !== CHANNEL_MACHINE_VERSION) {
    const migrated = migrateSnapshot(snapshot as PlainSnapshot, record.machineVersion);
    if ('problem' in migrated) return { kind: 'version_mismatch', reason: migrated.problem };
    snapshot = migrated.snapshot;
  }
  const problem = snapshotProblem(snapshot, record.channelId);
  if (problem) return { kind: 'corrupt', reason: problem };
  return { record: { ...record, snapshot, machineVersion: CHANNEL_MACHINE_VERSION } };
}

/**
 * The stored row of a channel, or undefined when it has none, or when its row cannot even be read
 * (damaged on disk or by hand): that is logged and counted, and the channel starts fresh, so the
 * message that loads it is still delivered.
 */
export function loadStored(
  store: SnapshotStore,
  channelId: string,
  logger: Logger,
  faults: SupervisorFaults,
): ChannelRecord | undefined {
  try {
    return store.load(channelId);
  } catch (error) {
    logger.warn(
      { event: 'channel.restore.unreadable', err: error, channelId, reason: 'its row cannot be read' },
      'stored channel row cannot be read; starting the channel fresh',
    );
    faults.channelReset('unreadable');
    return undefined;
  }
}
