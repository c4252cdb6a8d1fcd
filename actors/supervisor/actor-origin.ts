import type { ChannelRecord } from './snapshot-store.ts';

/**
 * How a channel actor began, logged on its `xstate.init` event (XState logs that event both for a
 * new actor and for one restored from a snapshot, with nothing to tell them apart). `fresh`: from
 * its input. `restored`: from the row written after event `fromSeq`, whose state it carries, so a
 * replay resumes from what the actor really resumed from, and `--verify` can check that the log
 * up to `fromSeq` rebuilds it.
 */
export type ActorOrigin =
  | { kind: 'fresh' }
  | {
      kind: 'restored';
      fromSeq: number;
      machineVersion: number;
      snapshot: { status: unknown; value: unknown; context: unknown };
    };

/** The origin of an actor about to be spawned: restored from `record`, or fresh without one. */
export function originOf(record: ChannelRecord | undefined): ActorOrigin {
  if (!record) return { kind: 'fresh' };
  const snapshot = (record.snapshot ?? {}) as { status?: unknown; value?: unknown; context?: unknown };
  return {
    kind: 'restored',
    fromSeq: record.lastEventSeq,
    machineVersion: record.machineVersion,
    snapshot: { status: snapshot.status, value: snapshot.value, context: snapshot.context },
  };
}
