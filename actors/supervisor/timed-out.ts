import type { Logger } from '../../src/logger.ts';
import type { SupervisorOptions, TimedOutThread } from './supervisor.types.ts';

/**
 * The machine stopped a thread at its deadline (its invoked agent was stopped and aborted with
 * it, so the thread's own failure path does not run): say so, and let whoever asked be told.
 * `notify` runs on a later microtask; its failure is logged, never thrown.
 */
export function reportTimedOut(
  thread: TimedOutThread,
  logger: Logger,
  notify: SupervisorOptions['onThreadTimedOut'],
): void {
  const { channelId, guildId, threadId, deadline, timeoutMs } = thread;
  logger.warn(
    { event: 'thread.timed_out', channelId, guildId, threadId, deadline, timeoutMs },
    `thread ${threadId} in channel ${channelId} was stopped at its deadline (${timeoutMs} ms)`,
  );
  if (!notify) return;
  Promise.resolve()
    .then(() => notify(thread))
    .catch((error: unknown) => {
      logger.error(
        { event: 'thread.timeout_report_failed', err: error, channelId, threadId },
        'could not report a timed-out thread',
      );
    });
}
