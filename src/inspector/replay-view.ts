import type { ChannelLog } from '../replay/channel-log.ts';
import { buildTimeline, type TimelineOptions } from '../replay/timeline.ts';
import { type ChannelSnapshot, channelDetail } from './channel-view.ts';
import type { ReplayView } from './wire.ts';

/**
 * The replay view's data: the timeline `ery replay` prints (see `buildTimeline`), each step with
 * the channel after it as the live inspector shows an actor: state, batch and queue contents,
 * the running thread, and the timers armed then with their deadlines. Pure.
 *
 * @throws {ReplayError} as `buildTimeline`: `NO_START`, `UNKNOWN_THREAD`, `EMPTY_RANGE`.
 */
export function replayView(log: ChannelLog, options: Omit<TimelineOptions, 'snapshots'> = {}): ReplayView {
  const timeline = buildTimeline(log, { ...options, snapshots: true });
  return {
    ...timeline,
    steps: timeline.steps.map(({ state, ...step }) => ({
      ...step,
      channel: channelDetail(state as ChannelSnapshot),
    })),
  };
}
