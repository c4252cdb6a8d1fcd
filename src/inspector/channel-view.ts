import { permitNeed, statusOf } from '../../actors/supervisor/channel-records.ts';
import type { ChannelContext } from '../../machines/channel.machine.ts';
import { TIMERS, type TimerName } from '../../machines/channel.timers.ts';
import { actorSummary } from '../app/ops-actors.ts';
import { type MentionNames, withNames } from './mentions.ts';
import type { ChannelDetail, ChannelRow, TimerRow } from './wire.ts';

/** A channel actor's snapshot, as far as the inspector reads it. */
export interface ChannelSnapshot {
  value: unknown;
  context: ChannelContext;
}

/**
 * Names of servers, channels, members and roles, when the caller knows them (null: the page shows
 * the id, a mention stays as written).
 */
export interface NameLookup extends MentionNames {
  guild(guildId: string): string | null;
}

/**
 * The overview row of a channel: sizes only, so a frame of many changed channels stays small.
 * `reapedAt`: when a reaped actor was reaped; `passive`: an idle actor passivated (out of memory).
 */
export function channelRow(
  channelId: string,
  snapshot: ChannelSnapshot,
  names?: NameLookup,
  { reapedAt = null, passive = false }: { reapedAt?: number | null; passive?: boolean } = {},
): ChannelRow {
  const { context } = snapshot;
  const state = statusOf(snapshot.value);
  return {
    ...(passive ? { passive: true as const } : {}),
    channelId,
    guildId: context.guildId,
    guildName: names?.guild(context.guildId) ?? null,
    channelName: names?.channel(channelId) ?? null,
    state,
    batch: context.batch.length,
    queue: context.queue.length,
    threadId: context.thread?.id ?? null,
    waiting: permitNeed(state, context) === 'waiting',
    reapedAt: state === 'reaped' ? reapedAt : null,
  };
}

/**
 * The overview row of a channel out of memory: reaped a while ago (`reapedAt` set), or idle and
 * passivated, from what is kept of it.
 */
export function restingRow(
  channel: { channelId: string; guildId: string; reapedAt?: number },
  names?: NameLookup,
): ChannelRow {
  const reaped = channel.reapedAt !== undefined;
  return {
    channelId: channel.channelId,
    guildId: channel.guildId,
    guildName: names?.guild(channel.guildId) ?? null,
    channelName: names?.channel(channel.channelId) ?? null,
    state: reaped ? 'reaped' : 'idle',
    batch: 0,
    queue: 0,
    threadId: null,
    waiting: false,
    reapedAt: channel.reapedAt ?? null,
    ...(reaped ? {} : { passive: true as const }),
  };
}

/**
 * One channel in detail: the actor as `/api/actors` summarises it (batch and queue contents,
 * mentions in them named from `names` when known,
 * deadlines, running thread), with what the page adds: whether a ready batch waits for a run
 * permit, the timers armed now with when each started (for its countdown bar), how the last thread
 * ended, and the settings in force. With `live` false (a stored row, no actor in memory) no timer
 * is armed.
 */
export function channelDetail(
  snapshot: ChannelSnapshot,
  options: { names?: MentionNames; live?: boolean } = {},
): ChannelDetail {
  const { context } = snapshot;
  const summary = actorSummary(snapshot.value, context, options.live ?? true);
  const { names } = options;
  if (names)
    for (const list of [summary.batch, summary.queue])
      for (const message of list.messages)
        message.content = withNames(message.content, context.guildId, names);
  const timers: TimerRow[] = [];
  for (const [name, deadline] of Object.entries(summary.deadlines) as Array<[TimerName, number | null]>) {
    if (deadline === null) continue;
    const spec = TIMERS[name];
    timers.push({ name, event: spec.event, startedAt: deadline - context.settings[spec.setting], deadline });
  }
  const { lastThread } = context;
  return {
    ...summary,
    trigger: context.trigger,
    waiting: permitNeed(summary.state, context) === 'waiting',
    lastThread: lastThread
      ? { id: lastThread.id, status: lastThread.status, endedAt: lastThread.endedAt, error: lastThread.error }
      : null,
    threadsRun: context.threadsRun,
    threadsFailed: context.threadsFailed,
    timers,
    settings: { ...context.settings },
  };
}
