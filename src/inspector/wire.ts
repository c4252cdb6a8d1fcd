/**
 * What the inspector's HTTP API sends. Types only: the server builds them, and the browser code in
 * client/ imports them with `import type`, so both sides share one contract.
 */
import type { HistoryThread } from '../app/ops-actor-detail.ts';
import type { ActorSummary } from '../app/ops-actors.ts';
import type { Interruption } from '../replay/thread-interruptions.ts';
import type { Timeline, TimelineStep } from '../replay/timeline.ts';

export type { MessageList, MessageSummary } from '../app/ops-actors.ts';
export type { AgentStepView } from '../replay/agent-steps.ts';
export type { Interruption } from '../replay/thread-interruptions.ts';
export type { TimelineThread } from '../replay/timeline.ts';

/** One channel actor in the overview: live, or reaped a short while ago. */
export interface ChannelRow {
  channelId: string;
  guildId: string;
  /** Names when known (the playground, Discord's cache), else null: the page shows the id. */
  guildName: string | null;
  channelName: string | null;
  /** One of the channel machine's states: idle, batching, running, cooldown; `reaped` once reaped. */
  state: string;
  batch: number;
  queue: number;
  threadId: string | null;
  /** A ready batch waiting for a run permit. */
  waiting: boolean;
  /** When it was reaped (ms since the epoch); null while live. */
  reapedAt: number | null;
  /** Present and true for an idle channel passivated: stored, out of memory until its next message. */
  passive?: true;
}

/** One event an actor processed, with the state it moved the actor from and to. */
export interface StreamEvent {
  /** Server time, ms since the epoch. */
  at: number;
  type: string;
  /** A short description (who said what, how a thread ended); empty when the type says it all. */
  text: string;
  /**
   * The top-level state before the event (null: the channel had no actor yet) and after it, the
   * same when it stayed. Absent only on events loaded from a log too long to replay (the history's
   * `note` says so).
   */
  from?: string | null;
  to?: string;
  /** The event's number in the channel's log, for events loaded from it. */
  seq?: number;
}

/** A channel's recent events loaded from its log, state changes rebuilt by the replay engine. */
export interface FocusHistory {
  /** Oldest first; every event before those the stream sends live. */
  events: StreamEvent[];
  /** Why the events carry no state change, when they could not be rebuilt. */
  note?: string;
}

/** A timer the machine has armed, from the deadline kept in context. */
export interface TimerRow {
  /** `batchWindow`, `thread`, `cooldown` or `idle`. */
  name: string;
  /** The event it raises when due. */
  event: string;
  startedAt: number;
  deadline: number;
}

/**
 * One actor in detail: its summary as `GET /api/actors` gives it (state, batch and queue with their
 * first messages, deadlines, running thread), and more.
 */
export interface ChannelDetail extends ActorSummary {
  /** Why the open batch is ready to run (`count`, `mention`, `window`, `queue`), or null. */
  trigger: string | null;
  /** The batch is ready (it has a trigger) and waits for a run permit. */
  waiting: boolean;
  lastThread: { id: string; status: string; endedAt: number; error: string | null } | null;
  threadsRun: number;
  threadsFailed: number;
  timers: TimerRow[];
  settings: Record<string, number>;
}

/** The focused channel's part of a frame. */
export interface FocusFrame {
  channelId: string;
  /** The channel's name when known, even before it has an actor (sent in the first frame). */
  channelName?: string | null;
  /**
   * The channel now: its live actor, else its stored row (reaped, or idle and not loaded), else
   * null (never seen). Absent when unchanged since the last frame.
   */
  detail?: ChannelDetail | null;
  /** False when `detail` comes from the stored row: no actor is in memory, no timer runs. */
  live?: boolean;
  /** Events since the last frame, oldest first. */
  events: StreamEvent[];
  /** Events left out of this frame because there were too many. */
  dropped: number;
  /**
   * The events before those sent live, loaded from the log (sent once, in a frame of its own soon
   * after the full one): the page puts them below the live ones.
   */
  history?: FocusHistory;
}

/**
 * One frame of `GET /inspector/api/stream`: what changed since the previous frame, coalesced.
 * The first frame is `full`: every live channel, the supervisor's state and the focus's history.
 */
export interface InspectorFrame {
  /** Server time when the frame was built (the page aligns its countdowns with it). */
  at: number;
  full: boolean;
  /**
   * Channels whose state or sizes changed (every live channel when `full`, then the recently
   * reaped ones too). A channel reaped since the last frame comes as a row in state `reaped`.
   */
  channels: ChannelRow[];
  /** Channels that left memory otherwise (their actor failed): no longer listed. */
  gone: string[];
  /** The lifecycle's state and its transitions: since start-up when `full`, else since the last frame. */
  supervisor?: { state: string; events: StreamEvent[] };
  focus?: FocusFrame;
  /** Set on the last frame before Ery stops: the stream ends after it. */
  end?: 'stopping';
}

/** A statechart laid out by elkjs: boxes and routed edges in SVG user units. */
export interface Statechart {
  id: string;
  width: number;
  height: number;
  nodes: ChartNode[];
  edges: ChartEdge[];
}

/** One state. `lines` lists the transitions that stay in the state (events handled in place). */
export interface ChartNode {
  /** The state's key, as the snapshot's value names it; `(initial)` for the start marker. */
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  kind: 'state' | 'final' | 'initial';
  /** `invoke agentThread`, one per invoked actor. */
  invokes: string[];
  lines: string[];
}

/** One transition between states, routed orthogonally. */
export interface ChartEdge {
  id: string;
  source: string;
  target: string;
  /** The event type (`always` for eventless), with its guard in brackets. */
  event: string;
  label: { text: string; x: number; y: number; width: number; height: number } | null;
  points: Array<{ x: number; y: number }>;
}

/** The machines the page draws. */
export interface Charts {
  channel: Statechart;
  supervisor: Statechart;
}

/**
 * A thread in a channel's list: its row as the ops history reads it, with each restart that cut
 * it off and ran it again (its start-to-end time spans them).
 */
export interface ThreadRow extends HistoryThread {
  interruptions: Interruption[];
}

/** One turn of what the model was given. */
export interface PromptTurn {
  role: string;
  content: string;
}

/** One tool call, with the permission decision and what came of it. */
export interface ToolCallRow {
  callId: string;
  tool: string;
  arguments: unknown;
  /** `allowed`, `denied` or `invalid`; null when the call has no audit row (it never ran). */
  decision: string | null;
  /** Why it was denied or invalid, in a moderator's words. */
  reason: string | null;
  outcome: string | null;
  result: unknown;
  error: string | null;
  durationMs: number | null;
  /** The result text the model read back. */
  fedBack: string | null;
}

/** One model step of a thread. */
export interface ThreadStep {
  step: number;
  /** What the model was given at this step (the full conversation), when it was recorded. */
  prompt: PromptTurn[] | null;
  /** Tools offered. */
  tools: string[];
  reply: { content: string | null; model: string; promptTokens: number; completionTokens: number } | null;
  calls: ToolCallRow[];
}

/** `GET /inspector/api/threads/:id`. */
export interface ThreadDetail {
  thread: ThreadRow & { channelId: string };
  steps: ThreadStep[];
  /** Every call that was denied or invalid, with its reason: what Ery was not allowed to do. */
  denied: ToolCallRow[];
}

/** One step of a replayed timeline, with the channel as it was after it. */
export interface ReplayStep extends Omit<TimelineStep, 'state'> {
  /** The channel after the step, as the live inspector shows an actor (timers from its deadlines). */
  channel: ChannelDetail;
}

/** `GET /inspector/api/replay/:channelId`: the channel's timeline (`ery replay --json`), step by step. */
export interface ReplayView extends Omit<Timeline, 'steps'> {
  steps: ReplayStep[];
}
