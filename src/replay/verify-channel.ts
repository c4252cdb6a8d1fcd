import { CHANNEL_MACHINE_VERSION } from '../../machines/channel.machine.ts';
import type { LoggedCheckpoint } from './channel-log.ts';
import type { LogReader } from './log-reader.ts';
import { inRange, type LogRange, pastRange } from './range.ts';
import type { ReplayOptions, ReplayStep } from './replay-log.ts';
import { diffDigest, diffSnapshots } from './snapshot-diff.ts';
import { migrateSnapshot, type PlainSnapshot, SNAPSHOT_MIGRATIONS } from './snapshot-migrations.ts';
import type { EndedThread, RecordedEnd } from './thread-check.ts';
import { threadMarks } from './thread-marks.ts';

/** A step where the replay and what was stored disagree. */
export interface Divergence {
  seq: number;
  event: string;
  /** What disagrees with the replay: a checkpoint, the stored snapshot, a restored snapshot, the log itself, or a thread's recorded steps. */
  against: 'checkpoint' | 'snapshot' | 'restore' | 'log' | 'thread';
  /** What differs, one line each. */
  differences: string[];
}

/** What verifying the channel's own steps found. */
export interface ChannelFindings {
  checked: { events: number; checkpoints: number; snapshots: number; restores: number };
  divergences: Divergence[];
  /** What could not be compared, and why (another machine version, nothing stored to compare). */
  unverified: string[];
}

/**
 * Compares each replayed step, as the replay goes, with what was stored after it: its checkpoint
 * (read alongside, in `seq` order), the channel's row, and the snapshot a restore resumed from; a
 * gap in the log, a row that cannot be read, or an event the machine throws on that the live actor
 * went past diverges too. Only steps in `range` are compared (a damaged row before the range is
 * reported too: every state after it is in doubt). A stored snapshot from another machine version
 * is migrated (`options.migrations`), or listed in `unverified` and never compared. Pure.
 */
export class ChannelCheck {
  readonly found: ChannelFindings = {
    checked: { events: 0, checkpoints: 0, snapshots: 0, restores: 0 },
    divergences: [],
    unverified: [],
  };
  private readonly running = new Map<string, EndedThread['messages']>();
  private readonly checkpoints: Iterator<LoggedCheckpoint>;
  private next: LoggedCheckpoint | undefined;
  private thrown: ReplayStep | null = null;
  private lastSeq = 0;

  constructor(
    private readonly reader: LogReader,
    private readonly range: LogRange = {},
    private readonly options: ReplayOptions = {},
  ) {
    this.checkpoints = reader.checkpoints()[Symbol.iterator]();
    this.next = this.checkpoints.next().value;
  }

  /** Checks one step; returns the thread it ended in range, for its recorded steps to be replayed. */
  visit(step: ReplayStep): EndedThread | null {
    this.lastSeq = step.seq;
    const { range } = this;
    const { started, ended } = threadMarks(step);
    if (started) this.running.set(started.id, started.messages);
    const inside = inRange(range, step.seq, step.at);
    const thrown = this.thrown;
    if (thrown && step.type !== 'xstate.init' && inRange(range, thrown.seq, thrown.at))
      this.diverge(thrown, 'log', [
        `the machine throws on this event (${thrown.error}), but the live actor went on`,
      ]);
    this.thrown = step.error ? step : null;
    const checkpoint = this.checkpointAt(step.seq);
    if (step.unreadable && !pastRange(range, step.seq, step.at))
      this.diverge(step, 'log', [`event #${step.seq} cannot be read: ${step.unreadable}`]);
    let endedThread: EndedThread | null = null;
    if (ended) {
      const messages = this.running.get(ended.id) ?? [];
      this.running.delete(ended.id);
      if (inside) endedThread = endedThreadOf(this.reader, step, ended.id, messages);
    }
    if (!inside) return endedThread;
    this.found.checked.events += 1;
    if (step.missing) {
      const { from, to } = step.missing;
      const gone = from === to ? `event #${from} is` : `events #${from}–#${to} are`;
      this.diverge({ seq: from, type: 'missing event' }, 'log', [
        `${gone} missing from the log (before #${step.seq} ${step.type})`,
      ]);
    }
    if (step.resumed) this.compareRestore(step);
    if (checkpoint) this.compareCheckpoint(step, checkpoint);
    const row = this.reader.row;
    if (row && row.lastEventSeq === step.seq) this.compareRow(step);
    return endedThread;
  }

  /** After the last step: snapshots stored past the end of the log, and nothing stored at all. */
  finish(): ChannelFindings {
    const { reader, range } = this;
    const beyond = [
      ...(reader.row && reader.row.lastEventSeq > this.lastSeq ? [reader.row.lastEventSeq] : []),
      ...(this.next && this.next.seq > this.lastSeq ? [this.next.seq] : []),
    ].sort((a, b) => a - b)[0];
    if (beyond !== undefined && (!range.to || !('seq' in range.to) || beyond <= range.to.seq)) {
      this.diverge({ seq: beyond, type: 'missing event' }, 'log', [
        `a snapshot was stored after event #${beyond}, but the log ends at #${this.lastSeq}: the events after it are missing`,
      ]);
    }
    // Ery writes the row with every snapshot and a checkpoint at each step (the first write of each
    // actor among them): none at all is nothing to compare with.
    if (reader.extent.checkpoints === 0)
      this.found.unverified.push(
        'no checkpoint of this channel is stored (Ery writes one at each step of a channel’s life): the replay was compared with nothing; were channel_checkpoints rows deleted?',
      );
    if (!reader.row)
      this.found.unverified.push(
        'the channel has no channels row (Ery keeps one for every channel it logs): its stored snapshot is gone',
      );
    this.found.divergences.sort((a, b) => a.seq - b.seq);
    return this.found;
  }

  /** The checkpoint stored after `seq`, if any; checkpoints for events the log lacks are passed. */
  private checkpointAt(seq: number): LoggedCheckpoint | undefined {
    while (this.next && this.next.seq < seq) this.next = this.checkpoints.next().value;
    if (!this.next || this.next.seq !== seq) return undefined;
    const checkpoint = this.next;
    this.next = this.checkpoints.next().value;
    return checkpoint;
  }

  private diverge(
    step: { seq: number; type: string },
    against: Divergence['against'],
    differences: string[],
  ) {
    if (differences.length > 0)
      this.found.divergences.push({ seq: step.seq, event: step.type, against, differences });
  }

  private compareCheckpoint(step: ReplayStep, checkpoint: LoggedCheckpoint): void {
    if (checkpoint.unreadable) {
      this.diverge(step, 'checkpoint', [
        `the checkpoint after #${checkpoint.seq} cannot be read: ${checkpoint.unreadable}`,
      ]);
    } else if (checkpoint.machineVersion !== CHANNEL_MACHINE_VERSION) {
      this.found.unverified.push(
        `the checkpoint after #${step.seq} was written by machine version ${checkpoint.machineVersion} (this Ery: ${CHANNEL_MACHINE_VERSION}); a digest cannot be migrated`,
      );
    } else {
      this.found.checked.checkpoints += 1;
      this.diverge(step, 'checkpoint', diffDigest(step.after, checkpoint.digest));
    }
  }

  private compareRestore(step: ReplayStep): void {
    const resumed = step.resumed;
    if (!resumed) return;
    if (resumed.problem) {
      this.found.unverified.push(`the snapshot restored at #${step.seq} was ${resumed.problem}`);
      return;
    }
    if (!resumed.replayed || !resumed.recorded) return;
    this.found.checked.restores += 1;
    this.diverge(
      step,
      'restore',
      diffSnapshots(resumed.replayed, resumed.recorded).map(
        (line) =>
          `restored from the snapshot after #${resumed.fromSeq}, which differs from the replay: ${line}`,
      ),
    );
  }

  private compareRow(step: ReplayStep): void {
    const row = this.reader.row;
    if (!row) return;
    if (row.unreadable) {
      this.diverge(step, 'snapshot', [
        `the stored snapshot (after #${step.seq}) cannot be read: ${row.unreadable}`,
      ]);
      return;
    }
    const migrations = this.options.migrations ?? SNAPSHOT_MIGRATIONS;
    const migrated = migrateSnapshot(row.snapshot as PlainSnapshot, row.machineVersion, migrations);
    if ('problem' in migrated) {
      this.found.unverified.push(`the stored snapshot (after #${step.seq}) was ${migrated.problem}`);
      return;
    }
    this.found.checked.snapshots += 1;
    this.diverge(step, 'snapshot', diffSnapshots(step.after, migrated.snapshot));
  }
}

function endedThreadOf(
  reader: LogReader,
  step: ReplayStep,
  id: string,
  messages: EndedThread['messages'],
): EndedThread {
  const context = step.after.context;
  return {
    id,
    channelId: context.channelId || reader.channelId,
    guildId: context.guildId,
    messages,
    seq: step.seq,
    event: step.type,
    at: step.at,
    end: recordedEnd(step),
  };
}

/** How the step's event ended the thread: its output, its error, or its deadline. */
function recordedEnd(step: ReplayStep): RecordedEnd {
  const event = step.event as Record<string, unknown>;
  if (step.type.startsWith('xstate.done.actor.')) return { status: 'done', output: event.output };
  if (step.type.startsWith('xstate.error.actor.')) {
    const error = (event.error ?? {}) as { code?: unknown; message?: unknown };
    return {
      status: 'failed',
      code: typeof error.code === 'string' ? error.code : null,
      message: typeof error.message === 'string' ? error.message : String(event.error),
    };
  }
  return { status: 'timed_out' };
}
