import type { SnapshotDigest } from './checkpoint.ts';
import type { ChannelCheckpointRecord } from './snapshot-store.ts';

/**
 * Context fields whose change alone is left to the next checkpoint: the messages collected, and
 * the newest message id, which moves with each of them.
 */
const COLLECTED = new Set(['batch', 'queue', 'lastMessageId']);

/**
 * Whether two digests mark the same step of a channel's life: equal but for the hashes of the
 * batch, the queue and the newest message id. A step changes with the state, the thread, the settings, a count or a
 * time, so also when a batch or a queue opens (`batchOpenedAt`, `queueOpenedAt`) or becomes ready
 * (`trigger`); not when a message joins a batch or a queue already open.
 */
export function sameStep(a: SnapshotDigest, b: SnapshotDigest): boolean {
  if (a.status !== b.status) return false;
  if (a.value !== b.value && JSON.stringify(a.value) !== JSON.stringify(b.value)) return false;
  const fields = Object.keys(a.context);
  if (fields.length !== Object.keys(b.context).length) return false;
  for (const field of fields) {
    if (!COLLECTED.has(field) && a.context[field] !== b.context[field]) return false;
  }
  return true;
}

/** A checkpoint the write-behind may write, with the live actor whose row implies it. */
export interface CheckpointCandidate {
  checkpoint: ChannelCheckpointRecord;
  /** The live actor the row is of; without one, the checkpoint is always written. */
  owner?: object;
  /**
   * Whether the row's channel has work in hand (batching, running, cooling down). Only then is its
   * step kept: an idle channel's next write changes its state anyway (or is rare: new settings),
   * so the many idle channels keep nothing here.
   */
  busy?: boolean;
}

/**
 * Chooses which rows of a tick carry a checkpoint: a channel's row does when its step
 * ({@link sameStep}) differs from that of the last checkpoint written for the same live actor. A
 * message joining an open batch or queue, the busiest write there is, then costs one row, not two
 * (the checkpoint row was a third of the write-behind's SQLite time, issue 10). Nothing goes
 * unchecked: `ery replay --verify` replays every event, so a message the log got wrong shows at
 * the channel's next checkpoint (in its batch, queue or thread) or in its stored snapshot, which
 * every write still updates; only where the replay is first seen to differ may come later. Kept
 * by actor, weakly, and only while the channel is busy: a passivated or reaped channel's actor
 * takes its entry with it, and a restored one begins with a checkpoint.
 */
export class CheckpointSteps {
  readonly #last = new WeakMap<object, SnapshotDigest>();

  /**
   * The checkpoints to write of `candidates`, and `written` to call once they are committed (a
   * failed write keeps the steps as they were, so its retry writes the same checkpoints).
   */
  pick(candidates: CheckpointCandidate[]): { checkpoints: ChannelCheckpointRecord[]; written(): void } {
    const checkpoints: ChannelCheckpointRecord[] = [];
    const steps: Array<[object, SnapshotDigest | null]> = [];
    for (const { checkpoint, owner, busy } of candidates) {
      if (!owner) {
        checkpoints.push(checkpoint);
        continue;
      }
      const last = this.#last.get(owner);
      if (last && sameStep(last, checkpoint.digest)) continue;
      checkpoints.push(checkpoint);
      steps.push([owner, busy ? checkpoint.digest : null]);
    }
    return {
      checkpoints,
      written: () => {
        for (const [owner, digest] of steps) {
          if (digest) this.#last.set(owner, digest);
          else this.#last.delete(owner);
        }
      },
    };
  }
}
