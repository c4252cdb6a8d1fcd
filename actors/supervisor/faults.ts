import type { Logger } from '../../src/logger.ts';
import type { DropReason, SupervisorFaults } from './supervisor.types.ts';

/** The default `SupervisorOptions.faults`: nobody counts. */
export const NO_FAULTS: SupervisorFaults = { channelReset: () => {}, eventDropped: () => {} };

/** How each dropped event is logged: the level, the dotted event name and the message. */
const SAID: Record<DropReason, ['warn' | 'error', string, string]> = {
  malformed: ['warn', 'message.malformed', 'malformed message dropped before routing'],
  stopped: ['warn', 'supervisor.event.ignored', 'supervisor is stopped; event ignored'],
  failed: ['error', 'supervisor.event.failed', 'supervisor could not handle an event'],
};

/** Logs an event the supervisor did not handle, with `fields` (what it was, why), and counts it. */
export function dropEvent(
  logger: Logger,
  faults: SupervisorFaults,
  reason: DropReason,
  fields: Record<string, unknown>,
): void {
  const [level, event, message] = SAID[reason];
  logger[level]({ event, ...fields }, message);
  faults.eventDropped(reason);
}

/** A stored channel XState could not restore: logged, counted, and the channel starts fresh. */
export function restoreFailed(
  logger: Logger,
  faults: SupervisorFaults,
  channelId: string,
  error: unknown,
): void {
  const reason = `XState could not restore it: ${error instanceof Error ? error.message : String(error)}`;
  logger.warn(
    { event: 'channel.restore.failed', err: error, channelId, reason },
    `stored snapshot of channel ${channelId} cannot be restored (${reason}); starting the channel fresh`,
  );
  faults.channelReset('restore_failed');
}
