import type { ChannelLog } from '../replay/channel-log.ts';
import { buildTimeline, type TimelineOptions } from '../replay/timeline.ts';
import { type ChannelSnapshot, channelDetail } from './channel-view.ts';
import { namesFromLog } from './log-names.ts';
import { type MentionNames, withNames } from './mentions.ts';
import type { ReplayView } from './wire.ts';

/**
 * The replay view's data: the timeline `ery replay` prints (see `buildTimeline`), each step with
 * the channel after it as the live inspector shows an actor: state, batch and queue contents,
 * the running thread, and the timers armed then with their deadlines. Mentions in what people
 * wrote are named from `names` (the live connection), else from the message authors in the log.
 * Pure.
 *
 * @throws {ReplayError} as `buildTimeline`: `NO_START`, `UNKNOWN_THREAD`, `EMPTY_RANGE`.
 */
export function replayView(
  log: ChannelLog,
  options: Omit<TimelineOptions, 'snapshots'> = {},
  names?: MentionNames,
): ReplayView {
  const timeline = buildTimeline(log, { ...options, snapshots: true });
  const known = namesFromLog(log, names);
  const guildId = timeline.guildId ?? '';
  return {
    ...timeline,
    steps: timeline.steps.map(({ state, ...step }) => ({
      ...step,
      detail: withNames(step.detail, guildId, known),
      channel: channelDetail(state as ChannelSnapshot, { names: known }),
    })),
  };
}
