import type { ThreadEndStatus, ThreadTrigger } from '../../machines/channel.types.ts';
import { type AgentStepView, agentStepView } from './agent-steps.ts';
import type { ChannelLog } from './channel-log.ts';
import { describeEvent } from './describe-event.ts';
import { type LogReader, logReader } from './log-reader.ts';
import { inRange, type LogRange, pastRange } from './range.ts';
import { type ProgressListener, type ReplayStep, replaySteps } from './replay-log.ts';
import { type Interruption, interruptionOf } from './thread-interruptions.ts';
import { stateName, threadMarks } from './thread-marks.ts';
import { emptyRange, unknownThread, unreadableRow } from './timeline-errors.ts';

/** One step of the timeline: an event and what it did to the channel. Plain JSON. */
export interface TimelineStep {
  seq: number;
  /** ms since the epoch, and the same as an ISO time. */
  at: number;
  time: string;
  event: string;
  /** What the event says, in one line (who wrote what, which settings changed, how a thread ended). */
  detail: string;
  /** Top-level state before (null before the channel's first actor) and after. */
  before: string | null;
  after: string;
  batch: number;
  queue: number;
  /** The thread running after the step. */
  thread: string | null;
  /** The thread this step started or ended, if any. */
  started?: string;
  ended?: { thread: string; status: ThreadEndStatus };
  /** On `xstate.init`: how the actor began. */
  origin?: 'fresh' | 'restored' | 'restored-unlogged';
  /** Sequence numbers missing from the log right before this step. */
  missing?: { from: number; to: number };
  /** What the machine threw on this event (the live actor failed on it too). */
  error?: string;
  /** With `snapshots`: the state after the step, for a viewer that steps through them. */
  state?: { value: unknown; context: unknown };
}

/** A thread the timeline's steps started or ended. */
export interface TimelineThread {
  id: string;
  trigger: ThreadTrigger | null;
  status: ThreadEndStatus | 'running';
  /** Messages of the batch it was given. */
  messages: number;
  /** Where in the log it started and ended (null when outside the log), and when (ms since the epoch). */
  startSeq: number | null;
  endSeq: number | null;
  startedAt: number | null;
  endedAt: number | null;
  /** Each restart that cut it off and ran it again, in order: its start-to-end time spans them. */
  interruptions: Interruption[];
  error: string | null;
  /** Its recorded model replies and tool results, in order. */
  steps: AgentStepView[];
}

/** A channel's past as plain JSON: what `ery replay` prints, and what a web view can step through. */
export interface Timeline {
  channelId: string;
  guildId: string | null;
  /** The whole log's extent. */
  log: { events: number; firstSeq: number; lastSeq: number; firstAt: number; lastAt: number };
  steps: TimelineStep[];
  threads: TimelineThread[];
}

export interface TimelineOptions extends LogRange {
  /** Only the steps from this thread's start to its end. */
  thread?: string;
  /** Add each step's state value and context. */
  snapshots?: boolean;
  onProgress?: ProgressListener;
}

/**
 * Rebuilds the channel's past from its log (see `replaySteps`) and returns it as a timeline: every
 * step in the range, with the threads they touched and those threads' recorded steps. Only the
 * steps in range are kept as the replay goes, so a narrow range of a long log read from SQLite
 * page by page needs little memory. Pure: reads nothing but `source`, returns plain JSON.
 *
 * @throws {ReplayError} `NO_START`, `UNREADABLE_ROW` (see `replaySteps`; also an unreadable event
 *   anywhere before the range's end, since no state after it can be rebuilt); `UNKNOWN_THREAD`
 *   when `thread` neither started nor ended in the log; `EMPTY_RANGE` when no step is left to show.
 */
export function buildTimeline(source: ChannelLog | LogReader, options: TimelineOptions = {}): Timeline {
  const reader = logReader(source);
  const collector = new TimelineCollector(reader, options);
  for (const step of replaySteps(reader, progressOf(options))) collector.visit(step);
  return collector.finish();
}

/**
 * {@link buildTimeline}, handing the event loop back every `every` steps (default 2 000) so that a
 * signal (Ctrl-C) is heard promptly during a long replay.
 */
export async function buildTimelineAsync(
  source: ChannelLog | LogReader,
  options: TimelineOptions & { every?: number } = {},
): Promise<Timeline> {
  const reader = logReader(source);
  const collector = new TimelineCollector(reader, options);
  let count = 0;
  for (const step of replaySteps(reader, progressOf(options))) {
    collector.visit(step);
    if (++count % (options.every ?? 2_000) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return collector.finish();
}

const progressOf = (options: TimelineOptions) =>
  options.onProgress ? { onProgress: options.onProgress } : {};

/** Keeps the steps of a replay that a timeline shows, and every thread's start and end. */
class TimelineCollector {
  private readonly threads = new Map<string, TimelineThread>();
  private readonly steps: TimelineStep[] = [];
  /** With `options.thread`: whether its steps are being kept, and where it ended unstarted. */
  private span: 'before' | 'open' | 'closed' = 'before';
  private endedUnstarted: number | null = null;
  private guildId: string | null = null;
  /** The time of the step before, for a restart's interruption. */
  private previousAt: number | null = null;

  constructor(
    private readonly reader: LogReader,
    private readonly options: TimelineOptions,
  ) {}

  visit(step: ReplayStep): void {
    if (step.unreadable) {
      if (!pastRange(this.options, step.seq, step.at) && this.span !== 'closed')
        throw unreadableRow(this.reader.channelId, step);
      return;
    }
    this.guildId ??= (step.event.input as { guildId?: string } | undefined)?.guildId ?? null;
    const { started, ended } = this.track(step);
    const wanted = this.options.thread;
    if (wanted && started?.id === wanted) this.span = 'open';
    const inSpan = !wanted || this.span === 'open';
    if (wanted && ended?.id === wanted) {
      if (this.span !== 'open') this.endedUnstarted = step.seq;
      this.span = 'closed';
    }
    if (inSpan && inRange(this.options, step.seq, step.at)) this.steps.push(timelineStep(step, this.options));
  }

  /** Each thread's start, restarts that cut it off, and end, from the step's change of context. */
  private track(step: ReplayStep): ReturnType<typeof threadMarks> {
    const marks = threadMarks(step);
    const { started, ended } = marks;
    if (started) {
      this.threads.set(started.id, {
        ...unstarted(started.id),
        trigger: started.trigger,
        messages: started.messages.length,
        startSeq: step.seq,
        startedAt: step.at,
      });
    }
    const resumed = interruptionOf(step, this.previousAt, (id) => this.reader.steps(id));
    if (resumed) {
      const thread = this.threads.get(resumed.threadId) ?? unstarted(resumed.threadId);
      this.threads.set(resumed.threadId, {
        ...thread,
        interruptions: [...thread.interruptions, resumed.interruption],
      });
    }
    if (ended) {
      const thread = this.threads.get(ended.id) ?? unstarted(ended.id);
      this.threads.set(ended.id, {
        ...thread,
        status: ended.status,
        endSeq: step.seq,
        endedAt: step.at,
        error: ended.error,
      });
    }
    this.previousAt = step.at;
    return marks;
  }

  finish(): Timeline {
    const { options, reader } = this;
    if (options.thread && !this.threads.has(options.thread))
      throw unknownThread(reader.channelId, [...this.threads.keys()], options.thread);
    if (this.endedUnstarted !== null) this.again(this.endedUnstarted);
    if (this.steps.length === 0) throw emptyRange(reader.channelId, reader.extent, options);
    const shown = new Set(this.steps.flatMap((step) => [step.thread, step.started, step.ended?.thread]));
    const touched = [...this.threads.values()].filter((thread) =>
      options.thread ? thread.id === options.thread : shown.has(thread.id),
    );
    const { events, firstSeq, lastSeq, firstAt, lastAt } = reader.extent;
    return {
      channelId: reader.channelId,
      guildId: reader.row?.guildId ?? this.guildId,
      log: { events, firstSeq, lastSeq, firstAt, lastAt },
      steps: this.steps,
      threads: touched.map((thread) => ({ ...thread, steps: reader.steps(thread.id).map(agentStepView) })),
    };
  }

  /** The thread asked for ended without a start in the log: its span is everything up to its end. */
  private again(endSeq: number): void {
    this.steps.length = 0;
    for (const step of replaySteps(this.reader)) {
      if (step.seq > endSeq) break;
      if (!step.unreadable && inRange(this.options, step.seq, step.at))
        this.steps.push(timelineStep(step, this.options));
    }
  }
}

function timelineStep(step: ReplayStep, options: TimelineOptions): TimelineStep {
  const { started, ended } = threadMarks(step);
  const context = step.after.context;
  return {
    seq: step.seq,
    at: step.at,
    time: new Date(step.at).toISOString(),
    event: step.type,
    detail: describeEvent(step),
    before: step.before ? stateName(step.before.value) : null,
    after: stateName(step.after.value),
    batch: context.batch.length,
    queue: context.queue.length,
    thread: context.thread?.id ?? null,
    ...(started ? { started: started.id } : {}),
    ...(ended ? { ended: { thread: ended.id, status: ended.status } } : {}),
    ...(step.origin ? { origin: step.origin } : {}),
    ...(step.missing ? { missing: step.missing } : {}),
    ...(step.error ? { error: step.error } : {}),
    ...(options.snapshots ? { state: { value: step.after.value, context: step.after.context } } : {}),
  };
}

function unstarted(id: string): TimelineThread {
  return {
    id,
    trigger: null,
    status: 'running',
    messages: 0,
    startSeq: null,
    endSeq: null,
    startedAt: null,
    endedAt: null,
    interruptions: [],
    error: null,
    steps: [],
  };
}
