import type { ChannelActor } from '../channel-actor.ts';

/** The context XState walks in place of the channel's: nothing to walk. */
const NO_CONTEXT = Object.freeze({});

/**
 * What `actor.getPersistedSnapshot()` gives for a channel actor, without XState's walk of the
 * whole context in search of actor references to replace (`persistContext`: an eighth of the
 * write-behind's time, issue 10, since it visits every message of the batch at every write).
 * A channel's context is data only (`ChannelContext`: messages, settings, thread records; no
 * actor is ever assigned to it), so the walk finds nothing and returns the context as it is.
 *
 * Without a child (no thread running) and without history, XState's copy holds only the
 * snapshot's own fields, in this order: it is built here directly (the copy of the snapshot XState
 * makes to leave out its methods was a tenth of a write, issue 10). Otherwise the rest (children's
 * snapshots, history) is XState's own code, given the snapshot with an empty context.
 * test/actors/persisted-snapshot.test.ts holds the two equal, key order included, in every state.
 */
export function persistedSnapshot(actor: ChannelActor): unknown {
  const snapshot = actor.getSnapshot();
  if (isEmpty(snapshot.children) && isEmpty(snapshot.historyValue)) {
    const { status, output, error, value, context } = snapshot;
    return { status, output, error, value, historyValue: {}, context, children: {} };
  }
  const persisted = actor.logic.getPersistedSnapshot({
    ...snapshot,
    context: NO_CONTEXT,
  } as never) as unknown as {
    context: unknown;
  };
  persisted.context = snapshot.context;
  return persisted;
}

/** Whether an object has no enumerable key (no allocation, unlike `Object.keys`). */
function isEmpty(object: object | undefined): boolean {
  for (const _ in object) return false;
  return true;
}
