import { ChannelMachineError } from './channel.errors.ts';
import { timerDeadline } from './channel.timers.ts';
import type {
  AgentThreadInput,
  ChannelContext,
  ThreadEndStatus,
  ThreadOutcome,
  ThreadReport,
} from './channel.types.ts';

/*
 * The thread a ready batch becomes: how it starts, what the `agentThread` actor gets, and how its
 * end is recorded on `lastThread`. Pure functions over the channel's context, used by the
 * machine's `running` state and its `startThread` and `record*` actions; times are ms since the
 * epoch.
 */

/** The context after the batch became the running thread at `now`. */
export function startThread(context: ChannelContext, now: number): Partial<ChannelContext> {
  const first = context.batch[0];
  return {
    thread: {
      // Message ids are unique, so the first one names the thread across restarts and reaps.
      id: `thread-${context.channelId}-${first?.id ?? now}`,
      trigger: context.trigger ?? 'window',
      messages: context.batch,
      startedAt: now,
    },
    batch: [],
    batchOpenedAt: null,
    trigger: null,
  };
}

/**
 * The input of the `agentThread` actor `running` invokes.
 * @throws ChannelMachineError `NO_RUNNING_THREAD` when there is no thread in context.
 */
export function agentThreadInput(context: ChannelContext): AgentThreadInput {
  const thread = context.thread;
  if (thread === null) throw new ChannelMachineError('NO_RUNNING_THREAD', 'running without a thread');
  return {
    channelId: context.channelId,
    guildId: context.guildId,
    messages: thread.messages,
    threadId: thread.id,
    trigger: thread.trigger,
    // The thread timer's own deadline: from the start, or the resume after a restart.
    deadline: timerDeadline('thread', context) as number,
  };
}

/**
 * The context after the running thread ended at `endedAt` with `status`: recorded on `lastThread`
 * (with `error` for a failure, `output` for a finished one) and counted.
 */
export function endThread(
  context: ChannelContext,
  status: ThreadEndStatus,
  endedAt: number,
  error: string | null = null,
  output: ThreadReport | null = null,
): Partial<ChannelContext> {
  const lastThread: ThreadOutcome = { id: context.thread?.id ?? 'unknown', status, endedAt, error, output };
  return {
    lastThread,
    threadsRun: context.threadsRun + 1,
    threadsFailed: context.threadsFailed + (status === 'done' ? 0 : 1),
    thread: null,
  };
}
