import { CHANNEL_MACHINE_VERSION } from '../../machines/channel.machine.ts';
import type { ChannelLog } from './channel-log.ts';
import { inRange, type LogRange } from './range.ts';
import { type ReplayOptions, type ReplayStep, replayLog } from './replay-log.ts';
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
  /** Stored snapshots that were not compared, and why (written by another machine version). */
  unverified: string[];
  /** Threads that ended in range, for their steps to be replayed. */
  ended: EndedThread[];
}

/**
 * Replays the log and compares each step with what was stored after it: its checkpoint, the
 * channel's row, and the snapshot a restore resumed from; a gap in the log, or an event the
 * machine throws on that the live actor went past, diverges too. Only steps in `range` are
 * compared. A stored snapshot from another machine version is migrated (`options.migrations`),
 * or listed in `unverified` and never compared. Pure.
 */
export function verifyChannel(
  log: ChannelLog,
  range: LogRange = {},
  options: ReplayOptions = {},
): ChannelFindings {
  const checkpoints = new Map(log.checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint]));
  const found: ChannelFindings = {
    checked: { events: 0, checkpoints: 0, snapshots: 0, restores: 0 },
    divergences: [],
    unverified: [],
    ended: [],
  };
  const running = new Map<string, EndedThread['messages']>();
  let thrown: ReplayStep | null = null;
  const diverge = (
    step: { seq: number; type: string },
    against: Divergence['against'],
    differences: string[],
  ) => {
    if (differences.length > 0)
      found.divergences.push({ seq: step.seq, event: step.type, against, differences });
  };
  replayLog(
    log,
    (step) => {
      const { started, ended } = threadMarks(step);
      if (started) running.set(started.id, started.messages);
      const inside = inRange(range, step.seq, step.at);
      if (thrown && step.type !== 'xstate.init' && inRange(range, thrown.seq, thrown.at)) {
        diverge(thrown, 'log', [
          `the machine throws on this event (${thrown.error}), but the live actor went on`,
        ]);
      }
      thrown = step.error ? step : null;
      if (ended && inside) found.ended.push(endedThread(log, step, ended.id, running.get(ended.id) ?? []));
      if (!inside) return;
      found.checked.events += 1;
      if (step.missing) {
        const { from, to } = step.missing;
        const gone = from === to ? `event #${from} is` : `events #${from}–#${to} are`;
        diverge({ seq: from, type: 'missing event' }, 'log', [
          `${gone} missing from the log (before #${step.seq} ${step.type})`,
        ]);
      }
      if (step.resumed) compareRestore(step, found, diverge);
      const checkpoint = checkpoints.get(step.seq);
      if (checkpoint && checkpoint.machineVersion !== CHANNEL_MACHINE_VERSION) {
        found.unverified.push(
          `the checkpoint after #${step.seq} was written by machine version ${checkpoint.machineVersion} (this Ery: ${CHANNEL_MACHINE_VERSION}); a digest cannot be migrated`,
        );
      } else if (checkpoint) {
        found.checked.checkpoints += 1;
        diverge(step, 'checkpoint', diffDigest(step.after, checkpoint.digest));
      }
      if (log.row && log.row.lastEventSeq === step.seq) compareRow(log, step, found, diverge, options);
    },
    options,
  );
  const last = log.events.at(-1)?.seq ?? 0;
  const beyond = [
    ...(log.row && log.row.lastEventSeq > last ? [log.row.lastEventSeq] : []),
    ...log.checkpoints.filter((checkpoint) => checkpoint.seq > last).map((checkpoint) => checkpoint.seq),
  ].sort((a, b) => a - b);
  if (beyond[0] !== undefined && (!range.to || !('seq' in range.to) || beyond[0] <= range.to.seq)) {
    diverge({ seq: beyond[0], type: 'missing event' }, 'log', [
      `a snapshot was stored after event #${beyond[0]}, but the log ends at #${last}: the events after it are missing`,
    ]);
  }
  found.divergences.sort((a, b) => a.seq - b.seq);
  return found;
}

type Diverge = (
  step: { seq: number; type: string },
  against: Divergence['against'],
  differences: string[],
) => void;

function compareRestore(step: ReplayStep, found: ChannelFindings, diverge: Diverge): void {
  const resumed = step.resumed;
  if (!resumed) return;
  if (resumed.problem) {
    found.unverified.push(`the snapshot restored at #${step.seq} was ${resumed.problem}`);
    return;
  }
  if (!resumed.replayed || !resumed.recorded) return;
  found.checked.restores += 1;
  const differences = diffSnapshots(resumed.replayed, resumed.recorded);
  diverge(
    step,
    'restore',
    differences.map(
      (line) =>
        `restored from the snapshot after #${resumed.fromSeq}, which differs from the replay: ${line}`,
    ),
  );
}

function compareRow(
  log: ChannelLog,
  step: ReplayStep,
  found: ChannelFindings,
  diverge: Diverge,
  options: ReplayOptions,
): void {
  const row = log.row;
  if (!row) return;
  const migrations = options.migrations ?? SNAPSHOT_MIGRATIONS;
  const migrated = migrateSnapshot(row.snapshot as PlainSnapshot, row.machineVersion, migrations);
  if ('problem' in migrated) {
    found.unverified.push(`the stored snapshot (after #${step.seq}) was ${migrated.problem}`);
    return;
  }
  found.checked.snapshots += 1;
  diverge(step, 'snapshot', diffSnapshots(step.after, migrated.snapshot));
}

function endedThread(
  log: ChannelLog,
  step: ReplayStep,
  id: string,
  messages: EndedThread['messages'],
): EndedThread {
  const context = step.after.context;
  return {
    id,
    channelId: context.channelId || log.channelId,
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
