import type { ActorOrigin } from '../../actors/supervisor/actor-origin.ts';
import type { ChannelInput } from '../../machines/channel.machine.ts';
import type { ChannelLog, LoggedEvent } from './channel-log.ts';
import { ReplayError } from './errors.ts';
import { type LogReader, logReader } from './log-reader.ts';
import { PureChannelMachine, type ReplaySnapshot } from './pure-machine.ts';
import { reviveEvent } from './revive-event.ts';
import {
  migrateSnapshot,
  type PlainSnapshot,
  SNAPSHOT_MIGRATIONS,
  type SnapshotMigration,
} from './snapshot-migrations.ts';

/** Where a restored actor resumed from, as logged on its `xstate.init`. */
export interface Resumption {
  /** The event the restored row was written after. */
  fromSeq: number;
  /** The replayed state right after `fromSeq` (null when the log does not reach back there). */
  replayed: ReplaySnapshot | null;
  /** The logged snapshot, brought to this machine's version; null when it could not be. */
  recorded: PlainSnapshot | null;
  /** Why the logged snapshot cannot be compared (another machine version). */
  problem?: string;
  /** Set when the logged snapshot was migrated from this version. */
  migratedFrom?: number;
}

/** One replayed step: a logged event and the states around it. */
export interface ReplayStep {
  seq: number;
  at: number;
  type: string;
  event: LoggedEvent['event'];
  before: ReplaySnapshot | null;
  after: ReplaySnapshot;
  /** On `xstate.init`: a new actor, one restored from a logged snapshot, or a restore older Erys did not describe. */
  origin?: 'fresh' | 'restored' | 'restored-unlogged';
  resumed?: Resumption;
  /** Sequence numbers missing from the log right before this event. */
  missing?: { from: number; to: number };
  /** What the machine threw on this event: the live actor failed on it too, and kept its state. */
  error?: string;
  /** Why the event's row cannot be read: it was not applied, the state is kept. */
  unreadable?: string;
}

/** Progress of a replay: `done` of `total` events. */
export type ProgressListener = (done: number, total: number) => void;

/** How a replay runs: who hears of its progress, and how older stored snapshots are migrated. */
export interface ReplayOptions {
  onProgress?: ProgressListener;
  /** Default `SNAPSHOT_MIGRATIONS`. */
  migrations?: Readonly<Record<number, SnapshotMigration>>;
}

const PROGRESS_EVERY = 200;

/**
 * Replays the channel's log through the pure machine, from its first event (which must be the
 * actor's creation) to its last, yielding each step in order as it goes, so a caller keeps only
 * what it needs (a log read page by page is never all in memory). A restore resumes from the
 * snapshot it logged, as the live actor did; the replayed state at that point is kept beside it
 * for verification. An event whose row cannot be read is yielded with `unreadable` and the state
 * kept. Pure: reads nothing but `source`.
 *
 * @throws {ReplayError} `NO_START` when the log does not begin with an `xstate.init`;
 *   `UNREADABLE_ROW` when that first event cannot be read.
 */
export function* replaySteps(
  source: ChannelLog | LogReader,
  options: ReplayOptions = {},
): Generator<ReplayStep> {
  const { onProgress, migrations = SNAPSHOT_MIGRATIONS } = options;
  const reader = logReader(source);
  const total = reader.extent.events;
  const replayer = new LogReplayer({ migrations, keep: reader.restoredFrom });
  let index = 0;
  for (const logged of reader.events()) {
    if (index === 0) startable(reader.channelId, logged);
    yield replayer.next(logged);
    index += 1;
    if (onProgress && index % PROGRESS_EVERY === 0) onProgress(index, total);
  }
  onProgress?.(index, Math.max(index, total));
}

/**
 * {@link replaySteps}, calling `visit` with each step in order.
 *
 * @throws {ReplayError} as {@link replaySteps}.
 */
export function replayLog(
  log: ChannelLog | LogReader,
  visit: (step: ReplayStep) => void,
  options: ReplayOptions = {},
): void {
  for (const step of replaySteps(log, options)) visit(step);
}

/** The first event must create the actor, and be readable: no state can be rebuilt otherwise. */
function startable(channelId: string, first: LoggedEvent): void {
  if (first.unreadable) {
    throw new ReplayError(
      'UNREADABLE_ROW',
      `event #${first.seq} of channel ${channelId}, its first, cannot be read: ${first.unreadable}; no state can be rebuilt without it`,
    );
  }
  if (first.type !== 'xstate.init') {
    throw new ReplayError(
      'NO_START',
      `the log of channel ${channelId} begins at event ${first.seq} (${first.type}), not with the channel's creation: its earlier events are gone, so no state can be rebuilt`,
    );
  }
}

/**
 * The replay of a log one event at a time, for a reader that pages through a long log instead of
 * loading it whole (the live inspector): `next` takes each event in order and returns its step,
 * as {@link replayLog} visits them. The first event given must be a readable `xstate.init`; a
 * later one that cannot be read is a step with `unreadable` that keeps the state.
 */
export class LogReplayer {
  private readonly machine = new PureChannelMachine();
  private readonly kept = new Map<number, ReplaySnapshot>();
  private readonly migrations: Readonly<Record<number, SnapshotMigration>>;
  private readonly keep: ReadonlySet<number>;
  private state: ReplaySnapshot | null = null;
  private previousSeq: number | null = null;

  /** `keep`: events after which the state is kept, for the restores that resume from them. */
  constructor(options: { migrations?: ReplayOptions['migrations']; keep?: ReadonlySet<number> } = {}) {
    this.migrations = options.migrations ?? SNAPSHOT_MIGRATIONS;
    this.keep = options.keep ?? new Set();
  }

  /** The step of `logged`, the event after the last one given. */
  next(logged: LoggedEvent): ReplayStep {
    // A row that cannot be read is not applied: the state stays as it was.
    const step: ReplayStep = logged.unreadable
      ? { ...base(logged, this.state), after: this.state as ReplaySnapshot, unreadable: logged.unreadable }
      : logged.type === 'xstate.init'
        ? begin(this.machine, logged, this.state, this.kept, this.migrations)
        : advance(this.machine, logged, this.state);
    if (this.previousSeq !== null && logged.seq !== this.previousSeq + 1)
      step.missing = { from: this.previousSeq + 1, to: logged.seq - 1 };
    this.state = step.after;
    this.previousSeq = logged.seq;
    if (this.keep.has(logged.seq)) this.kept.set(logged.seq, step.after);
    return step;
  }
}

function base(logged: LoggedEvent, before: ReplaySnapshot | null) {
  return { seq: logged.seq, at: logged.at, type: logged.type, event: logged.event, before };
}

function advance(
  machine: PureChannelMachine,
  logged: LoggedEvent,
  before: ReplaySnapshot | null,
): ReplayStep {
  // Only the first event can find no state, and it is an xstate.init (checked above).
  const state = before as ReplaySnapshot;
  try {
    return { ...base(logged, before), after: machine.next(state, reviveEvent(logged.event), logged.at) };
  } catch (error) {
    return {
      ...base(logged, before),
      after: state,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** A channel actor begins: fresh from its input, or restored. */
function begin(
  machine: PureChannelMachine,
  logged: LoggedEvent,
  before: ReplaySnapshot | null,
  kept: ReadonlyMap<number, ReplaySnapshot>,
  migrations: Readonly<Record<number, SnapshotMigration>>,
): ReplayStep {
  const origin = logged.event.origin as ActorOrigin | undefined;
  const fresh = () => machine.initial(logged.event.input as ChannelInput, logged.at);
  if (origin?.kind === 'fresh') return { ...base(logged, before), after: fresh(), origin: 'fresh' };
  if (origin?.kind === 'restored') {
    const replayed = kept.get(origin.fromSeq) ?? null;
    const migrated = migrateSnapshot(origin.snapshot, origin.machineVersion, migrations);
    const resumed: Resumption =
      'problem' in migrated
        ? { fromSeq: origin.fromSeq, replayed, recorded: null, problem: migrated.problem }
        : {
            fromSeq: origin.fromSeq,
            replayed,
            recorded: migrated.snapshot,
            ...(migrated.migratedFrom === null ? {} : { migratedFrom: migrated.migratedFrom }),
          };
    const after = resumed.recorded ? machine.resolve(resumed.recorded) : (replayed ?? before ?? fresh());
    return { ...base(logged, before), after, origin: 'restored', resumed };
  }
  // Logged by an Ery that did not say how the actor began: a reaped channel (or none) starts
  // afresh; a live one was restored from the state it had.
  if (before === null || before.status === 'done')
    return { ...base(logged, before), after: fresh(), origin: 'fresh' };
  return { ...base(logged, before), after: before, origin: 'restored-unlogged' };
}
