import type {
  ChannelLog,
  LoggedCheckpoint,
  LoggedEvent,
  LoggedRow,
  LoggedStep,
  LoggedThread,
} from './channel-log.ts';

/** Where a channel's log begins and ends. */
export interface LogExtent {
  events: number;
  firstSeq: number;
  lastSeq: number;
  firstAt: number;
  lastAt: number;
  /** Checkpoints stored for the channel (Ery writes one at each step of a channel's life, at least one per actor). */
  checkpoints: number;
}

/**
 * A channel's log as replay reads it: the small parts at once (its row, its extent, its threads),
 * its events and checkpoints one at a time in `seq` order as the replay goes, and a thread's
 * recorded steps when asked. The replay engine's port onto a stored log: read page by page (the
 * SQLite adapter is src/db/log-reader.ts), replay's memory is what it keeps, not the size of the
 * log; a {@link ChannelLog} in memory reads the same way (see {@link logReader}).
 */
export interface LogReader {
  readonly channelId: string;
  readonly row: LoggedRow | null;
  readonly extent: LogExtent;
  /** The `fromSeq` of every restore the log records: where the replayed state is kept to compare. */
  readonly restoredFrom: ReadonlySet<number>;
  /** The channel's thread rows, by start. */
  readonly threads: readonly LoggedThread[];
  events(): Iterable<LoggedEvent>;
  checkpoints(): Iterable<LoggedCheckpoint>;
  /** A thread's recorded steps, in the order they were taken. */
  steps(threadId: string): LoggedStep[];
}

/** `source` as a {@link LogReader}: a reader as it is, a {@link ChannelLog} read from its arrays. */
export function logReader(source: ChannelLog | LogReader): LogReader {
  if (!Array.isArray((source as ChannelLog).events)) return source as LogReader;
  const log = source as ChannelLog;
  const first = log.events[0];
  const last = log.events.at(-1);
  return {
    channelId: log.channelId,
    row: log.row,
    extent: {
      events: log.events.length,
      firstSeq: first?.seq ?? 0,
      lastSeq: last?.seq ?? 0,
      firstAt: first?.at ?? 0,
      lastAt: last?.at ?? 0,
      checkpoints: log.checkpoints.length,
    },
    restoredFrom: restoredFrom(log.events),
    threads: log.threads,
    events: () => log.events,
    checkpoints: () => log.checkpoints,
    steps: (threadId) => log.steps[threadId] ?? [],
  };
}

/** Everything `reader` holds, in memory: its events, checkpoints, threads and each thread's steps. */
export function channelLogOf(reader: LogReader): ChannelLog {
  const steps: Record<string, LoggedStep[]> = {};
  for (const thread of reader.threads) steps[thread.id] = reader.steps(thread.id);
  return {
    channelId: reader.channelId,
    row: reader.row,
    events: [...reader.events()],
    checkpoints: [...reader.checkpoints()],
    threads: [...reader.threads],
    steps,
  };
}

/** The `fromSeq` of every restored actor's creation among `events`. */
export function restoredFrom(events: Iterable<LoggedEvent>): Set<number> {
  const seqs = new Set<number>();
  for (const { event } of events) if (event.origin?.kind === 'restored') seqs.add(event.origin.fromSeq);
  return seqs;
}
