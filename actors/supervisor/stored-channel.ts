import {
  CHANNEL_MACHINE_VERSION,
  type ChannelContext,
  LIVE_CHANNEL_STATES,
} from '../../machines/channel.machine.ts';
import type { Logger } from '../../src/logger.ts';
import type { ChannelRecord } from './snapshot-store.ts';

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

/**
 * Whether a stored row can be handed to XState: written by this machine version and shaped like a
 * channel snapshot. A row that cannot is logged, and its channel starts fresh.
 */
export function restorable(record: ChannelRecord, logger: Logger): boolean {
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
    return false;
  }
  if (!looksLikeChannelSnapshot(record.snapshot)) {
    logger.error(
      { event: 'channel.restore.corrupt', channelId: record.channelId },
      'stored channel snapshot is corrupt; starting the channel fresh',
    );
    return false;
  }
  return true;
}
