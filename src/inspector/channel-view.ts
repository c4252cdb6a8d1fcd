import { permitNeed, statusOf } from '../../actors/supervisor/channel-records.ts';
import type { ChannelContext } from '../../machines/channel.machine.ts';
import { TIMERS, type TimerName } from '../../machines/channel.triggers.ts';
import { actorSummary } from '../app/ops-actors.ts';
import type { ChannelDetail, ChannelRow, TimerRow } from './wire.ts';

/** A channel actor's snapshot, as far as the inspector reads it. */
export interface ChannelSnapshot {
  value: unknown;
  context: ChannelContext;
}

/** Names of servers and channels, when the caller knows them (null: the page shows the id). */
export interface NameLookup {
  guild(guildId: string): string | null;
  channel(channelId: string): string | null;
}

/** The overview row of a channel: sizes only, so a frame of many changed channels stays small. */
export function channelRow(channelId: string, snapshot: ChannelSnapshot, names?: NameLookup): ChannelRow {
  const { context } = snapshot;
  const state = statusOf(snapshot.value);
  return {
    channelId,
    guildId: context.guildId,
    guildName: names?.guild(context.guildId) ?? null,
    channelName: names?.channel(channelId) ?? null,
    state,
    batch: context.batch.length,
    queue: context.queue.length,
    threadId: context.thread?.id ?? null,
    waiting: permitNeed(state, context) === 'waiting',
  };
}

/**
 * One channel in detail: the actor as `/api/actors` summarises it (batch and queue contents,
 * deadlines, running thread), with what the page adds: whether a ready batch waits for a run
 * permit, the timers armed now with when each started (for its countdown bar), how the last thread
 * ended, and the settings in force.
 */
export function channelDetail(snapshot: ChannelSnapshot): ChannelDetail {
  const { context } = snapshot;
  const summary = actorSummary(snapshot.value, context);
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
