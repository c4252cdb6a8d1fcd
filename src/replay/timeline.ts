import type { ThreadEndStatus, ThreadTrigger } from '../../machines/channel.types.ts';
import { type AgentStepView, agentStepView } from './agent-steps.ts';
import type { ChannelLog } from './channel-log.ts';
import { describeEvent } from './describe-event.ts';
import { ReplayError } from './errors.ts';
import { describeBound, inRange, type LogRange } from './range.ts';
import { type ProgressListener, replayLog } from './replay-log.ts';
import { type Interruption, interruptionOf } from './thread-interruptions.ts';
import { stateName, threadMarks } from './thread-marks.ts';

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
 * Rebuilds the channel's past from its log (see `replayLog`) and returns it as a timeline: every
 * step in the range, with the threads they touched and those threads' recorded steps. Pure: reads
 * nothing but `log`, returns plain JSON.
 *
 * @throws {ReplayError} `NO_START` (see `replayLog`); `UNKNOWN_THREAD` when `thread` neither
 *   started nor ended in the log; `EMPTY_RANGE` when no step is left to show.
 */
export function buildTimeline(log: ChannelLog, options: TimelineOptions = {}): Timeline {
  const all: TimelineStep[] = [];
  const threads = new Map<string, TimelineThread>();
  const records = (id: string) => log.steps[id] ?? [];
  replayLog(
    log,
    (step) => {
      const { started, ended } = threadMarks(step);
      const context = step.after.context;
      if (started) {
        threads.set(started.id, {
          ...unstarted(started.id),
          trigger: started.trigger,
          messages: started.messages.length,
          startSeq: step.seq,
          startedAt: step.at,
        });
      }
      const resumed = interruptionOf(step, all.at(-1)?.at ?? null, records);
      if (resumed) {
        const thread = threads.get(resumed.threadId) ?? unstarted(resumed.threadId);
        threads.set(resumed.threadId, {
          ...thread,
          interruptions: [...thread.interruptions, resumed.interruption],
        });
      }
      if (ended) {
        const thread = threads.get(ended.id) ?? unstarted(ended.id);
        threads.set(ended.id, {
          ...thread,
          status: ended.status,
          endSeq: step.seq,
          endedAt: step.at,
          error: ended.error,
        });
      }
      all.push({
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
      });
    },
    options.onProgress ? { onProgress: options.onProgress } : {},
  );
  const chosen = options.thread ? threadSpan(log, threads, options.thread) : null;
  const steps = all.filter(
    (step) =>
      inRange(options, step.seq, step.at) && (!chosen || (step.seq >= chosen.from && step.seq <= chosen.to)),
  );
  if (steps.length === 0) throw emptyRange(log, options);
  const shown = new Set(steps.flatMap((step) => [step.thread, step.started, step.ended?.thread]));
  const touched = [...threads.values()].filter((thread) =>
    options.thread ? thread.id === options.thread : shown.has(thread.id),
  );
  const first = log.events[0];
  const last = log.events.at(-1);
  return {
    channelId: log.channelId,
    guildId: log.row?.guildId ?? (first?.event.input as { guildId?: string } | undefined)?.guildId ?? null,
    log: {
      events: log.events.length,
      firstSeq: first?.seq ?? 0,
      lastSeq: last?.seq ?? 0,
      firstAt: first?.at ?? 0,
      lastAt: last?.at ?? 0,
    },
    steps,
    threads: touched.map((thread) => ({ ...thread, steps: (log.steps[thread.id] ?? []).map(agentStepView) })),
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

/** Threads an unknown `--thread` error names. */
const THREADS_NAMED = 3;

/** The steps of one thread: from its start to its end (or the log's end while it runs). */
function threadSpan(log: ChannelLog, threads: ReadonlyMap<string, TimelineThread>, id: string) {
  const thread = threads.get(id);
  if (!thread) {
    // The map holds threads in the order they started: the newest are last.
    const newest = [...threads.keys()].reverse();
    const hint =
      newest.length === 0
        ? 'it ran no thread'
        : `its threads, newest first: ${newest.slice(0, THREADS_NAMED).join(', ')}${newest.length > THREADS_NAMED ? `, … (${newest.length} in all)` : ''}`;
    throw new ReplayError(
      'UNKNOWN_THREAD',
      `no thread ${id} in the log of channel ${log.channelId} (${hint}); check --thread`,
    );
  }
  const lastSeq = log.events.at(-1)?.seq ?? 0;
  return { from: thread.startSeq ?? 0, to: thread.endSeq ?? lastSeq };
}

function emptyRange(log: ChannelLog, range: LogRange): ReplayError {
  const first = log.events[0];
  const last = log.events.at(-1);
  const asked = [
    range.from && `from ${describeBound(range.from)}`,
    range.to && `to ${describeBound(range.to)}`,
  ]
    .filter(Boolean)
    .join(' ');
  const extent =
    first && last
      ? `its log runs #${first.seq} ${new Date(first.at).toISOString()} – #${last.seq} ${new Date(last.at).toISOString()}`
      : 'its log is empty';
  return new ReplayError(
    'EMPTY_RANGE',
    `no step of channel ${log.channelId} ${asked || 'in range'} (${extent}); widen --from/--to`,
  );
}
