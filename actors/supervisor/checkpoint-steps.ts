import { digestOf, type SnapshotDigest, type SnapshotFields, snapshotFields } from './checkpoint.ts';
import { type FieldList, type FieldText, FieldTexts } from './field-texts.ts';

/**
 * Context fields whose change alone is left to the next checkpoint: the messages collected, and
 * the newest message id, which moves with each of them.
 */
const COLLECTED = new Set(['batch', 'queue', 'lastMessageId']);

/** What a kept step holds in place of a collected field: a value no context holds. */
const LEFT_OUT: FieldText = Object.freeze({
  value: Symbol('left out'),
  text: undefined,
  hash: undefined,
  keys: undefined,
});

/**
 * The step of a channel's last checkpoint, as kept: its state and its context fields' texts, the
 * messages collected left out (`LEFT_OUT` in their places, so every field keeps its index), so a
 * kept step holds no batch or queue.
 */
interface KeptStep {
  status: string;
  value: unknown;
  fields: FieldList;
  /** The indexes of the fields compared (those not collected), found once. */
  compared: number[];
}

/** A persisted channel snapshot, as far as its step is concerned. */
type StepSnapshot = { status?: unknown; value?: unknown; context?: Record<string, unknown> } | null;

/**
 * The step to keep of a checkpoint: its field list itself, the collected fields left out in place
 * (so call it once the checkpoint's digest is made), and which fields to compare.
 */
function kept(step: SnapshotFields): KeptStep {
  const { names, texts } = step.fields;
  const compared: number[] = [];
  for (let index = 0; index < names.length; index += 1) {
    if (COLLECTED.has(names[index] as string)) texts[index] = LEFT_OUT;
    else compared.push(index);
  }
  return { status: step.status, value: step.value, fields: step.fields, compared };
}

/**
 * Whether a snapshot marks the same step of a channel's life as a kept one: equal but for the
 * batch, the queue and the newest message id. A step changes with the state, the thread, the
 * settings, a count or a time, so also when a batch or a queue opens (`batchOpenedAt`,
 * `queueOpenedAt`) or becomes ready (`trigger`); not when a message joins a batch or a queue
 * already open. A field holding the very value kept is the same (contexts are replaced, never
 * changed in place); another value is compared by its JSON text, which is what its digest's hash
 * is made of. So a write that carries no checkpoint serialises no field, and hashes nothing.
 */
export function sameStep(step: KeptStep, snapshot: unknown): boolean {
  const shape = (snapshot ?? null) as StepSnapshot;
  if (step.status !== (typeof shape?.status === 'string' ? shape.status : 'active')) return false;
  const value = shape?.value ?? null;
  if (step.value !== value && JSON.stringify(step.value) !== JSON.stringify(value)) return false;
  const context = shape?.context ?? {};
  const { names, texts } = step.fields;
  let size = 0;
  for (const _ in context) size += 1;
  if (size !== names.length) return false;
  for (const index of step.compared) {
    const field = names[index] as string;
    const known = texts[index] as FieldText;
    const now = context[field];
    if (now === undefined && !Object.hasOwn(context, field)) return false;
    if (now !== known.value && JSON.stringify(now) !== known.text) return false;
  }
  return true;
}

/** A row the write-behind may write a checkpoint with, and the live actor it is of. */
export interface CheckpointCandidate {
  /** The row's persisted snapshot. */
  snapshot: unknown;
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
 * (the checkpoint row was a third of the write-behind's SQLite time, issue 10), and no field's
 * text or hash. Nothing goes unchecked: `ery replay --verify` replays every event, so a message
 * the log got wrong shows at the channel's next checkpoint (in its batch, queue or thread) or in
 * its stored snapshot, which every write still updates; only where the replay is first seen to
 * differ may come later. Kept by actor, weakly, and only while the channel is busy: a passivated
 * or reaped channel's actor takes its entry with it, and a restored one begins with a checkpoint.
 */
export class CheckpointSteps {
  readonly #last = new WeakMap<object, KeptStep>();

  /**
   * The candidates whose rows carry a checkpoint, each with its snapshot's digest (`digestOf`;
   * the texts and hashes of fields unchanged since the channel's last checkpoint reused), and
   * `written` to call once they are committed (a failed write keeps the steps as they were, so
   * its retry writes the same checkpoints).
   */
  pick<C extends CheckpointCandidate>(
    candidates: readonly C[],
  ): { chosen: Array<{ candidate: C; digest: SnapshotDigest }>; written(): void } {
    const chosen: Array<{ candidate: C; digest: SnapshotDigest }> = [];
    const steps: Array<[object, KeptStep | null]> = [];
    for (const candidate of candidates) {
      const { snapshot, owner, busy } = candidate;
      const last = owner ? this.#last.get(owner) : undefined;
      if (last && sameStep(last, snapshot)) continue;
      const fields = snapshotFields(snapshot, new FieldTexts(last?.fields));
      chosen.push({ candidate, digest: digestOf(fields) });
      if (owner) steps.push([owner, busy ? kept(fields) : null]);
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
