import type { InspectionEvent } from 'xstate';
import type { InspectedActor, InspectionTap } from '../app/inspection-hub.ts';
import { type ChannelSnapshot, channelDetail, channelRow, type NameLookup } from './channel-view.ts';
import { streamEvent } from './event-text.ts';
import type { FocusFrame, InspectorFrame, StreamEvent } from './wire.ts';

/** What the inspector reads of the supervisor; the supervisor satisfies it without knowing it. */
export interface InspectorSource {
  /** Every live channel actor, by id. */
  channels(): ReadonlyArray<{ readonly channelId: string }>;
  actorOf(channelId: string): { getSnapshot(): ChannelSnapshot } | undefined;
  /** The supervisor's lifecycle state. */
  lifecycle(): string;
}

/** Options of {@link InspectorFeed}. */
export interface FeedOptions {
  hub: { tap(listener: InspectionTap): () => void };
  source: InspectorSource;
  names?: NameLookup;
  /** A channel's recent persisted events, oldest first, for a page that starts watching it. */
  history?: (channelId: string) => StreamEvent[];
  /** How often changes are sent, in ms (default 200). */
  frameMs?: number;
  /** Events of the focused channel kept per frame; more are counted as dropped (default 100). */
  maxEvents?: number;
  now?: () => number;
}

/** A page watching: where its frames go, and the channel it shows in detail. */
interface Viewer {
  focus: string | null;
  send(frame: InspectorFrame): void;
}

/** Events gathered for a focused channel since the last frame. */
interface Focused {
  viewers: number;
  events: StreamEvent[];
  dropped: number;
  state: string | undefined;
}

/**
 * The inspector's stream, batched so that watching never slows Ery: inspection events only mark
 * a channel changed (keeping a reference to its latest snapshot) and, for the one channel a page
 * shows in detail, note the event. Every `frameMs` one frame per page carries the changed
 * channels' rows, the focused channel's detail and events (at most `maxEvents`, the rest counted),
 * and the supervisor's transitions. With no page open it is not even subscribed to the hub.
 */
export class InspectorFeed {
  private readonly viewers = new Set<Viewer>();
  private readonly changed = new Map<string, ChannelSnapshot>();
  private readonly gone = new Set<string>();
  private readonly focused = new Map<string, Focused>();
  private readonly supervisor: { events: StreamEvent[]; state: string | undefined } = {
    events: [],
    state: undefined,
  };
  private untap: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;
  private readonly maxEvents: number;

  constructor(private readonly options: FeedOptions) {
    if (!options.hub) throw new TypeError('InspectorFeed needs options.hub');
    if (!options.source) throw new TypeError('InspectorFeed needs options.source');
    this.now = options.now ?? Date.now;
    this.maxEvents = options.maxEvents ?? 100;
  }

  /** Pages watching now. */
  get watching(): number {
    return this.viewers.size;
  }

  /**
   * Starts sending frames to `send`: a full one at once, then changes every `frameMs`, with
   * `focus` (a channel id) in detail. Returns the function that stops it.
   */
  watch(focus: string | null, send: (frame: InspectorFrame) => void): () => void {
    const viewer: Viewer = { focus, send };
    if (this.viewers.size === 0) this.open();
    this.viewers.add(viewer);
    if (focus) this.focus(focus, +1);
    send(this.fullFrame(focus));
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.viewers.delete(viewer);
      if (focus) this.focus(focus, -1);
      if (this.viewers.size === 0) this.close();
    };
  }

  /** Builds and sends the frames of everything gathered since the last one (also run by the timer). */
  flush(): void {
    if (this.changed.size === 0 && this.gone.size === 0 && !this.pendingEvents()) return;
    const at = this.now();
    const channels = [...this.changed].map(([id, snapshot]) => channelRow(id, snapshot, this.options.names));
    const gone = [...this.gone];
    const supervisor = this.supervisor.events.length
      ? { state: this.supervisor.state ?? this.options.source.lifecycle(), events: this.supervisor.events }
      : undefined;
    for (const viewer of [...this.viewers]) {
      const focus = viewer.focus ? this.focusFrame(viewer.focus) : undefined;
      const frame: InspectorFrame = { at, full: false, channels, gone };
      if (supervisor) frame.supervisor = supervisor;
      if (focus) frame.focus = focus;
      viewer.send(frame);
    }
    this.changed.clear();
    this.gone.clear();
    this.supervisor.events = [];
    for (const entry of this.focused.values()) {
      entry.events = [];
      entry.dropped = 0;
    }
  }

  private readonly onEvent = (from: InspectedActor, event: InspectionEvent): void => {
    // Only the root actor's snapshots: each carries the event that produced it.
    if (event.type !== '@xstate.snapshot' || event.actorRef.sessionId !== event.rootId) return;
    const snapshot = event.snapshot as unknown as ChannelSnapshot & { status: string };
    const state = String(snapshot.value);
    if (from.kind === 'supervisor') {
      this.supervisor.events.push(streamEvent(this.now(), event.event, this.supervisor.state, state));
      this.supervisor.state = state;
      return;
    }
    const { channelId } = from;
    if (snapshot.status === 'active') {
      this.changed.set(channelId, snapshot);
      this.gone.delete(channelId);
    } else {
      this.changed.delete(channelId);
      this.gone.add(channelId);
    }
    const watched = this.focused.get(channelId);
    if (!watched) return;
    if (watched.events.length < this.maxEvents)
      watched.events.push(streamEvent(this.now(), event.event, watched.state, state));
    else watched.dropped += 1;
    watched.state = state;
  };

  private pendingEvents(): boolean {
    if (this.supervisor.events.length > 0) return true;
    for (const entry of this.focused.values()) if (entry.events.length > 0 || entry.dropped > 0) return true;
    return false;
  }

  private focusFrame(channelId: string): FocusFrame | undefined {
    const entry = this.focused.get(channelId);
    const snapshot = this.changed.get(channelId);
    const left = this.gone.has(channelId);
    if (!snapshot && !left && !entry?.events.length && !entry?.dropped) return undefined;
    return {
      channelId,
      detail: snapshot ? channelDetail(snapshot) : null,
      events: entry?.events ?? [],
      dropped: entry?.dropped ?? 0,
    };
  }

  private fullFrame(focus: string | null): InspectorFrame {
    const { source, names } = this.options;
    const channels = source.channels().flatMap(({ channelId }) => {
      const snapshot = source.actorOf(channelId)?.getSnapshot();
      return snapshot ? [channelRow(channelId, snapshot, names)] : [];
    });
    const frame: InspectorFrame = {
      at: this.now(),
      full: true,
      channels,
      gone: [],
      supervisor: { state: source.lifecycle(), events: [] },
    };
    if (focus) {
      const snapshot = source.actorOf(focus)?.getSnapshot();
      const events = this.options.history?.(focus) ?? [];
      frame.focus = {
        channelId: focus,
        channelName: this.options.names?.channel(focus) ?? null,
        detail: snapshot ? channelDetail(snapshot) : null,
        events,
        dropped: 0,
      };
    }
    return frame;
  }

  private focus(channelId: string, change: 1 | -1): void {
    const entry = this.focused.get(channelId);
    if (entry) {
      entry.viewers += change;
      if (entry.viewers <= 0) this.focused.delete(channelId);
      return;
    }
    if (change < 0) return;
    const state = this.options.source.actorOf(channelId)?.getSnapshot().value;
    this.focused.set(channelId, {
      viewers: 1,
      events: [],
      dropped: 0,
      state: state === undefined ? undefined : String(state),
    });
  }

  private open(): void {
    this.supervisor.state = this.options.source.lifecycle();
    this.untap = this.options.hub.tap(this.onEvent);
    this.timer = setInterval(() => this.flush(), this.options.frameMs ?? 200);
    // Frames are for whoever watches; they must never keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private close(): void {
    this.untap?.();
    this.untap = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.changed.clear();
    this.gone.clear();
    this.focused.clear();
    this.supervisor.events = [];
  }
}
