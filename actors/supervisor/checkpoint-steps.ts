import type { SnapshotDigest } from './checkpoint.ts';
import type { ChannelCheckpointRecord } from './snapshot-store.ts';

/** Context fields whose growth alone is left to the next checkpoint: the messages collected. */
const COLLECTED = new Set(['batch', 'queue']);

/**
 * What a checkpoint marks of a channel's life: its digest without the hashes of the batch and the
 * queue. It changes when the state, the thread, the settings, a count or a time changes, so also
 * when a batch or a queue opens (`batchOpenedAt`, `queueOpenedAt`) or becomes ready (`trigger`);
 * not when a message joins a batch or a queue already open.
 */
export function stepOf(digest: SnapshotDigest): string {
  let step = `${digest.status}|${JSON.stringify(digest.value)}`;
  for (const field of Object.keys(digest.context)) {
    if (!COLLECTED.has(field)) step += `|${field}:${digest.context[field]}`;
  }
  return step;
}

/** A checkpoint the write-behind may write, with the live actor whose row implies it. */
export interface CheckpointCandidate {
  checkpoint: ChannelCheckpointRecord;
  /** The live actor the row is of; without one, the checkpoint is always written. */
  owner?: object;
}

/**
 * Chooses which rows of a tick carry a checkpoint: a channel's row does when its step
 * ({@link stepOf}) differs from that of the last checkpoint written for the same live actor. A
 * message joining an open batch or queue, the busiest write there is, then costs one row, not two
 * (the checkpoint row was a third of the write-behind's SQLite time, issue 10). Nothing goes
 * unchecked: `ery replay --verify` replays every event, so a message the log got wrong shows at
 * the channel's next checkpoint (in its batch, queue or thread) or in its stored snapshot, which
 * every write still updates; only where the replay is first seen to differ may come later. Kept
 * by actor, weakly: a passivated or reaped channel's actor takes its entry with it, and a restored
 * one begins with a checkpoint.
 */
export class CheckpointSteps {
  readonly #last = new WeakMap<object, string>();

  /**
   * The checkpoints to write of `candidates`, and `written` to call once they are committed (a
   * failed write keeps the steps as they were, so its retry writes the same checkpoints).
   */
  pick(candidates: CheckpointCandidate[]): { checkpoints: ChannelCheckpointRecord[]; written(): void } {
    const checkpoints: ChannelCheckpointRecord[] = [];
    const steps: Array<[object, string]> = [];
    for (const { checkpoint, owner } of candidates) {
      if (!owner) {
        checkpoints.push(checkpoint);
        continue;
      }
      const step = stepOf(checkpoint.digest);
      if (this.#last.get(owner) === step) continue;
      checkpoints.push(checkpoint);
      steps.push([owner, step]);
    }
    return {
      checkpoints,
      written: () => {
        for (const [owner, step] of steps) this.#last.set(owner, step);
      },
    };
  }
}
