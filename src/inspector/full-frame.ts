import type { ReapedChannel } from '../app/recently-reaped.ts';
import {
  type ChannelSnapshot,
  channelDetail,
  channelRow,
  type NameLookup,
  restingRow,
} from './channel-view.ts';
import type { FocusFrame, FocusHistory, InspectorFrame, StreamEvent } from './wire.ts';

/** What the inspector reads of the supervisor; the supervisor satisfies it without knowing it. */
export interface InspectorSource {
  /** Every live channel actor, by id. */
  channels(): ReadonlyArray<{ readonly channelId: string }>;
  actorOf(channelId: string): { getSnapshot(): ChannelSnapshot } | undefined;
  /** The supervisor's lifecycle state. */
  lifecycle(): string;
  /** Idle channels passivated: stored, out of memory until their next message. */
  passiveChannels?(): ReadonlyArray<{ readonly channelId: string; readonly guildId: string }>;
}

/** What a full frame is built from: the live supervisor, and what Ery keeps beside it. */
export interface FrameSources {
  source: InspectorSource;
  names?: NameLookup;
  /** A channel's recent persisted events with their state changes (see `recentHistory`). */
  history?: (channelId: string) => Promise<FocusHistory>;
  /** A channel's stored row, for one with no live actor (reaped, or idle and not loaded). */
  stored?: (channelId: string) => ChannelSnapshot | null;
  /** The channels reaped most recently, newest first. */
  reaped?: () => ReapedChannel[];
  /** The supervisor lifecycle's transitions since start-up, oldest first. */
  lifecycle?: () => StreamEvent[];
}

/**
 * The first frame a page gets (and gets again after a reconnection): every live channel, those
 * passivated (idle, out of memory), the channels reaped recently, the supervisor's state with its transitions since start-up, and the
 * focused channel in detail: live, else from its stored row. Its events come in the history frame
 * that follows (see {@link historyFrame}), and live from then on.
 */
export function fullFrame(sources: FrameSources, focus: string | null, at: number): InspectorFrame {
  const { source, names } = sources;
  const channels = source.channels().flatMap(({ channelId }) => {
    const snapshot = source.actorOf(channelId)?.getSnapshot();
    return snapshot ? [channelRow(channelId, snapshot, names)] : [];
  });
  for (const passive of source.passiveChannels?.() ?? []) channels.push(restingRow(passive, names));
  const listed = new Set(channels.map((row) => row.channelId));
  for (const reaped of sources.reaped?.() ?? [])
    if (!listed.has(reaped.channelId)) channels.push(restingRow(reaped, names));
  const frame: InspectorFrame = {
    at,
    full: true,
    channels,
    gone: [],
    supervisor: { state: source.lifecycle(), events: sources.lifecycle?.() ?? [] },
  };
  if (focus) frame.focus = focusDetail(sources, focus);
  return frame;
}

function focusDetail(sources: FrameSources, channelId: string): FocusFrame {
  const names = sources.names;
  const snapshot = sources.source.actorOf(channelId)?.getSnapshot();
  const stored = snapshot ? null : (sources.stored?.(channelId) ?? null);
  const detail = snapshot
    ? channelDetail(snapshot, { ...(names ? { names } : {}) })
    : stored
      ? channelDetail(stored, { ...(names ? { names } : {}), live: false })
      : null;
  return {
    channelId,
    channelName: names?.channel(channelId) ?? null,
    detail,
    live: snapshot !== undefined,
    events: [],
    dropped: 0,
  };
}

/** The frame that brings a page the focused channel's history, once it is loaded. */
export function historyFrame(channelId: string, history: FocusHistory, at: number): InspectorFrame {
  return { at, full: false, channels: [], gone: [], focus: { channelId, events: [], dropped: 0, history } };
}
