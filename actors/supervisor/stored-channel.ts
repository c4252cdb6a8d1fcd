import {
  CHANNEL_MACHINE_VERSION,
  type ChannelContext,
  LIVE_CHANNEL_STATES,
} from '../../machines/channel.machine.ts';
import type { Logger } from '../../src/logger.ts';
import type { ChannelRecord, SnapshotStore } from './snapshot-store.ts';
import type { SupervisorFaults } from './supervisor.types.ts';

type StoredSnapshot = { value?: unknown; context?: Partial<ChannelContext> } | null;

/**
 * A cheap structural check before a stored snapshot is handed to XState: a row damaged on disk or
 * by hand must start its channel fresh, not crash the restore.
 */
function looksLikeChannelSnapshot(snapshot: unknown): boolean {
  const candidate = snapshot as StoredSnapshot;
  const context = candidate?.context;
  return (
    typeof candidate?.value === 'string' &&
    (LIVE_CHANNEL_STATES as readonly string[]).includes(candidate.value) &&
    Array.isArray(context?.batch) &&
    Array.isArray(context?.queue) &&
    typeof context?.settings === 'object'
  );
}

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
 * Why a stored row cannot be handed to XState (written by another machine version, or not shaped
 * like a channel snapshot, which includes a snapshot that was not JSON), or null when it can. A row
 * that cannot is logged and counted (`faults.channelReset`), and its channel starts fresh.
 */
export function unrestorable(
  record: ChannelRecord,
  logger: Logger,
  faults: SupervisorFaults,
): ChannelResetReason | null {
  const reason = whyUnrestorable(record, logger);
  if (reason) faults.channelReset(reason);
  return reason;
}

function whyUnrestorable(record: ChannelRecord, logger: Logger): ChannelResetReason | null {
  if (record.machineVersion !== CHANNEL_MACHINE_VERSION) {
    logger.error(
      {
        event: 'channel.restore.version_mismatch',
        channelId: record.channelId,
        version: record.machineVersion,
        expected: CHANNEL_MACHINE_VERSION,
      },
      'stored channel snapshot has an unknown machine version; starting the channel fresh',
    );
    return 'version_mismatch';
  }
  if (!looksLikeChannelSnapshot(record.snapshot)) {
    logger.error(
      { event: 'channel.restore.corrupt', channelId: record.channelId },
      'stored channel snapshot is corrupt; starting the channel fresh',
    );
    return 'corrupt';
  }
  return null;
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
    logger.error(
      { event: 'channel.restore.unreadable', err: error, channelId },
      'stored channel row cannot be read; starting the channel fresh',
    );
    faults.channelReset('unreadable');
    return undefined;
  }
}
