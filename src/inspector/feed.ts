import type { InspectionEvent } from 'xstate';
import type { InspectedActor, InspectionTap } from '../app/inspection-hub.ts';
import { type ChannelSnapshot, channelDetail, channelRow } from './channel-view.ts';
import { streamEvent } from './event-text.ts';
import { type FrameSources, fullFrame, historyFrame } from './full-frame.ts';
import type { FocusFrame, InspectorFrame, StreamEvent } from './wire.ts';

export type { InspectorSource } from './full-frame.ts';

/** Options of {@link InspectorFeed}. */
export interface FeedOptions extends FrameSources {
  hub: { tap(listener: InspectionTap): () => void };
  /** How often changes are sent, in ms (default 200). */
  frameMs?: number;
  /** Events of the focused channel kept per frame; more are counted as dropped (default 100). */
  maxEvents?: number;
  now?: () => number;
}

/** A page watching: where its frames go, the channel it shows in detail, and how its stream ends. */
interface Viewer {
  focus: string | null;
  send(frame: InspectorFrame): void;
  end?: () => void;
}

/** Events gathered for a focused channel since the last frame. */
interface Focused {
  viewers: number;
  events: StreamEvent[];
  dropped: number;
  /** Its actor's state after the last event seen; null while it has none. */
  state: string | null;
}

/** A snapshot as the inspection stream reports it. */
type Reported = ChannelSnapshot & { status: string };

/**
 * The inspector's stream, batched so that watching never slows Ery: inspection events only mark
 * a channel changed (keeping a reference to its latest snapshot) and, for the one channel a page
 * shows in detail, note the event with the state it moved the actor from and to. Every `frameMs`
 * one frame per page carries the changed channels' rows (a reaped one as `reaped`, a passivated
 * one as `passive`), the focused
 * channel's detail and events (at most `maxEvents`, the rest counted), and the supervisor's
 * transitions. With no page open it is not even subscribed to the hub.
 */
export class InspectorFeed {
  private readonly viewers = new Set<Viewer>();
  private readonly changed = new Map<string, { snapshot: Reported; at: number; passive: boolean }>();
  private readonly gone = new Set<string>();
  private readonly focused = new Map<string, Focused>();
  private readonly supervisor: { events: StreamEvent[]; state: string | null } = { events: [], state: null };
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
   * Starts sending frames to `send`: a full one at once, the focused channel's history as soon as
   * it is loaded, then changes every `frameMs`, with `focus` (a channel id) in detail. `end` is
   * called when Ery stops (see {@link shutdown}). Returns the function that stops watching.
   */
  watch(focus: string | null, send: (frame: InspectorFrame) => void, end?: () => void): () => void {
    const viewer: Viewer = { focus, send, ...(end ? { end } : {}) };
    if (this.viewers.size === 0) this.open();
    this.viewers.add(viewer);
    if (focus) this.focus(focus, +1);
    send(fullFrame(this.options, focus, this.now()));
    if (focus && this.options.history) void this.sendHistory(viewer, focus, this.options.history);
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
    const { names } = this.options;
    const channels = [...this.changed].map(([id, { snapshot, at: when, passive }]) =>
      channelRow(id, snapshot, names, { reapedAt: when, passive }),
    );
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

  /**
   * Ery is stopping: sends what is pending (the supervisor draining and stopped), then a last frame
   * marked `end`, and ends every page's stream. Call it after the supervisor stopped, before the
   * server closes, so an open page shows how Ery stopped before it loses the connection.
   */
  shutdown(): void {
    this.flush();
    for (const viewer of [...this.viewers]) {
      viewer.send({ at: this.now(), full: false, channels: [], gone: [], end: 'stopping' });
      viewer.end?.();
    }
  }

  private async sendHistory(viewer: Viewer, channelId: string, load: FeedOptions['history'] & {}) {
    const history = await load(channelId).catch((error: unknown) => ({
      events: [],
      note: `Its events could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    }));
    if (this.viewers.has(viewer)) viewer.send(historyFrame(channelId, history, this.now()));
  }

  private readonly onEvent = (from: InspectedActor, event: InspectionEvent): void => {
    // Only the root actor's snapshots: each carries the event that produced it.
    if (event.type !== '@xstate.snapshot' || event.actorRef.sessionId !== event.rootId) return;
    const snapshot = event.snapshot as unknown as Reported;
    const state = String(snapshot.value);
    const at = this.now();
    if (from.kind === 'supervisor') {
      this.supervisor.events.push(streamEvent(at, event.event, this.supervisor.state, state));
      this.supervisor.state = state;
      return;
    }
    const { channelId } = from;
    const stopping = this.supervisor.state === 'draining' || this.supervisor.state === 'stopped';
    // An idle actor stopped while Ery serves was passivated: stored, out of memory, still listed.
    const passive = snapshot.status === 'stopped' && state === 'idle' && !stopping;
    if (snapshot.status === 'active' || state === 'reaped' || passive) {
      this.changed.set(channelId, { snapshot, at, passive });
      this.gone.delete(channelId);
    } else if (!stopping) {
      // A failed actor leaves the list; while Ery stops, its channels stay listed as they were.
      this.changed.delete(channelId);
      this.gone.add(channelId);
    }
    const watched = this.focused.get(channelId);
    if (!watched) return;
    if (watched.events.length < this.maxEvents)
      watched.events.push(streamEvent(at, event.event, watched.state, state, this.options.names));
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
    const changed = this.changed.get(channelId);
    const left = this.gone.has(channelId);
    if (!changed && !left && !entry?.events.length && !entry?.dropped) return undefined;
    const frame: FocusFrame = { channelId, events: entry?.events ?? [], dropped: entry?.dropped ?? 0 };
    if (changed) {
      const live = changed.snapshot.status === 'active';
      const names = this.options.names;
      frame.detail = channelDetail(changed.snapshot, { live, ...(names ? { names } : {}) });
      frame.live = live;
    } else if (left) {
      frame.detail = null;
      frame.live = false;
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
    const snapshot = this.options.source.actorOf(channelId)?.getSnapshot();
    const stored = snapshot ? null : this.options.stored?.(channelId);
    const value = snapshot?.value ?? stored?.value;
    this.focused.set(channelId, { viewers: 1, events: [], dropped: 0, state: value ? String(value) : null });
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
