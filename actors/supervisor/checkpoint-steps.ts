import type { SnapshotText } from './checkpoint.ts';
import { FieldList, type FieldText } from './field-texts.ts';

/**
 * Context fields whose change alone is left to the next checkpoint: the messages collected, and
 * the newest message id, which moves with each of them.
 */
const COLLECTED = new Set(['batch', 'queue', 'lastMessageId']);

/**
 * What a step of a channel's life is told by: a snapshot's state and its context fields' texts
 * (`SnapshotText`).
 */
export type StepMark = Pick<SnapshotText, 'status' | 'value' | 'fields'>;

/** What a kept step holds in place of a collected field's text. */
const LEFT_OUT: FieldText = Object.freeze({ value: undefined, text: undefined });

/**
 * A step mark to keep: the messages collected are left out (`LEFT_OUT` in their places, so every
 * field keeps its index), so a kept mark holds no batch or queue; `sameStep` reads none of them.
 */
function kept(step: StepMark): StepMark {
  const fields = new FieldList();
  const { names, texts } = step.fields;
  for (let index = 0; index < names.length; index += 1) {
    const field = names[index] as string;
    fields.names.push(field);
    fields.texts.push(COLLECTED.has(field) ? LEFT_OUT : (texts[index] as FieldText));
  }
  return { status: step.status, value: step.value, fields };
}

/**
 * Whether two snapshots mark the same step of a channel's life: equal but for the batch, the queue
 * and the newest message id. A step changes with the state, the thread, the settings, a count or a
 * time, so also when a batch or a queue opens (`batchOpenedAt`, `queueOpenedAt`) or becomes ready
 * (`trigger`); not when a message joins a batch or a queue already open. Fields are compared by
 * their JSON texts, which is what their digests' hashes are made of, so no hash is computed.
 */
export function sameStep(a: StepMark, b: StepMark): boolean {
  if (a.status !== b.status) return false;
  if (a.value !== b.value && JSON.stringify(a.value) !== JSON.stringify(b.value)) return false;
  if (a.fields.size !== b.fields.size) return false;
  const { names, texts } = a.fields;
  for (let index = 0; index < names.length; index += 1) {
    const field = names[index] as string;
    if (COLLECTED.has(field)) continue;
    const known = texts[index] as FieldText;
    const other = b.fields.get(field, index);
    if (other === undefined || (other !== known && other.text !== known.text)) return false;
  }
  return true;
}

/** A row the write-behind may write a checkpoint with, and the live actor it is of. */
export interface CheckpointCandidate {
  /** The step the row's snapshot marks. */
  step: StepMark;
  /** The live actor the row is of; without one, the checkpoint is always written. */
  owner?: object | undefined;
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
 * (the checkpoint row was a third of the write-behind's SQLite time, issue 10), and no hash: a
 * row's digest is computed only when its checkpoint is written. Nothing goes
 * unchecked: `ery replay --verify` replays every event, so a message the log got wrong shows at
 * the channel's next checkpoint (in its batch, queue or thread) or in its stored snapshot, which
 * every write still updates; only where the replay is first seen to differ may come later. Kept
 * by actor, weakly, and only while the channel is busy: a passivated or reaped channel's actor
 * takes its entry with it, and a restored one begins with a checkpoint.
 */
export class CheckpointSteps {
  readonly #last = new WeakMap<object, StepMark>();

  /**
   * The candidates whose rows carry a checkpoint, and `written` to call once they are committed (a
   * failed write keeps the steps as they were, so its retry writes the same checkpoints).
   */
  pick<C extends CheckpointCandidate>(candidates: readonly C[]): { chosen: C[]; written(): void } {
    const chosen: C[] = [];
    const steps: Array<[object, StepMark | null]> = [];
    for (const candidate of candidates) {
      const { step, owner, busy } = candidate;
      if (!owner) {
        chosen.push(candidate);
        continue;
      }
      const last = this.#last.get(owner);
      if (last && sameStep(last, step)) continue;
      chosen.push(candidate);
      steps.push([owner, busy ? kept(step) : null]);
    }
    return {
      chosen,
      written: () => {
        for (const [owner, step] of steps) {
          if (step) this.#last.set(owner, step);
          else this.#last.delete(owner);
        }
      },
    };
  }
}
