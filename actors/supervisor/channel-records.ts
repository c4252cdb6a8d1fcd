import type { ChannelContext, ChannelState, ThreadReport } from '../../machines/channel.machine.ts';
import { timerDeadline } from '../../machines/channel.timers.ts';
import type { PermitNeed } from './permits.ts';
import type { ChannelEventRecord, ThreadRecord } from './snapshot-store.ts';
import type { ChannelSummary, LiveChannel, TimedOutThread } from './supervisor.types.ts';

/** The top-level state of a channel snapshot as a row status. */
export function statusOf(value: unknown): ChannelState {
  return typeof value === 'string' ? (value as ChannelState) : 'idle';
}

/** What a channel needs from the permit pool in this state. */
export function permitNeed(status: ChannelState, context: ChannelContext): PermitNeed {
  if (status === 'running') return 'running';
  if (status === 'batching' && context.trigger !== null) return 'waiting';
  return 'none';
}

/** A live channel as the ops server and inspector show it. */
export function summaryOf(channelId: string, channel: LiveChannel): ChannelSummary {
  const { guildId, status, context } = channel;
  return {
    channelId,
    guildId,
    status,
    batch: context.batch.length,
    queue: context.queue.length,
    threadId: context.thread?.id ?? null,
    waitingForPermit: permitNeed(status, context) === 'waiting',
  };
}

/**
 * Thread rows implied by a change of context: a new thread starts a row, a new outcome closes one.
 * Derived from snapshots so live runs, restores and replays all write the same rows.
 */
export function threadChanges(previous: ChannelContext | null, next: ChannelContext): ThreadRecord[] {
  const rows: ThreadRecord[] = [];
  const thread = next.thread;
  if (thread && thread.id !== previous?.thread?.id) {
    rows.push({
      id: thread.id,
      channelId: next.channelId,
      guildId: next.guildId,
      trigger: thread.trigger,
      messageIds: thread.messages.map((message) => message.id),
      status: 'running',
      startedAt: thread.startedAt,
      endedAt: null,
      error: null,
    });
  }
  const ended = next.lastThread;
  if (ended && (ended.id !== previous?.lastThread?.id || ended.endedAt !== previous?.lastThread?.endedAt)) {
    const started = previous?.thread?.id === ended.id ? previous.thread : null;
    rows.push({
      id: ended.id,
      channelId: next.channelId,
      guildId: next.guildId,
      trigger: started?.trigger ?? 'window',
      messageIds: started?.messages.map((message) => message.id) ?? [],
      status: ended.status,
      startedAt: started?.startedAt ?? ended.endedAt,
      endedAt: ended.endedAt,
      error: ended.error,
      ...usageOf(ended.output),
    });
  }
  return rows;
}

/**
 * The thread the machine has just stopped at its deadline, read from the change of context (the
 * machine records `timed_out` and clears `thread` in the same step), or null. Its settings are
 * the ones in force then, so the deadline named is the one the machine used.
 */
export function timedOutThread(previous: ChannelContext | null, next: ChannelContext): TimedOutThread | null {
  const ended = next.lastThread;
  const thread = previous?.thread;
  if (ended?.status !== 'timed_out' || !thread || thread.id !== ended.id) return null;
  const timeoutMs = previous.settings.threadTimeoutMs;
  return {
    channelId: next.channelId,
    guildId: next.guildId,
    threadId: thread.id,
    messages: thread.messages,
    // The machine's own deadline: from the thread's start, or its resume after a restart.
    deadline: timerDeadline('thread', previous) as number,
    timeoutMs,
  };
}

/** Model and token counts, when the agent's output reports them (the LLM agent does). */
function usageOf(
  output: ThreadReport | null,
): Pick<ThreadRecord, 'model' | 'promptTokens' | 'completionTokens'> {
  const usage = output?.usage;
  if (!usage) return {};
  return {
    model: output.model ?? null,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
  };
}

/**
 * An event as stored in the log. Events are plain data except error events, whose `Error` would
 * serialise to `{}`: only those are copied, with the error reduced to its name, message and code
 * (all that `lastThread.error` reads of it, so replay rebuilds the same text).
 */
export function eventRecord(
  channelId: string,
  seq: number,
  at: number,
  event: { type: string },
): ChannelEventRecord {
  const stored = event.type.startsWith('xstate.error.') ? withPlainErrors(event) : event;
  return { channelId, seq, at, type: event.type, event: stored };
}

function withPlainErrors(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, item) => {
      if (!(item instanceof Error)) return item;
      const code = (item as { code?: unknown }).code;
      return { name: item.name, message: item.message, ...(typeof code === 'string' ? { code } : {}) };
    }) ?? 'null',
  );
}
