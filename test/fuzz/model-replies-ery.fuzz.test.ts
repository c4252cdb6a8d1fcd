/**
 * Issue 11 §4: arbitrary chat-completion bodies answered to a whole running Ery (the real agent
 * thread, provider, channel machine and SQLite file). Properties: the thread that read the garbage
 * ends (done or failed, never stuck), the channel machine comes back to rest, and a message that
 * was queued while that thread ran is answered by the next one (the queue is kept).
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test';
import fc from 'fast-check';
import { threads } from '../../src/db/schema.ts';
import { waitUntil } from '../e2e/support/ery-harness.ts';
import { FUZZ_SEED, fuzzParams } from './fuzz-params.ts';
import { watchCrashes } from './support/crash-watch.ts';
import { newMarker, useEryFuzzWorld } from './support/ery-fuzz-world.ts';
import { modelReply } from './support/model-bodies.ts';

setDefaultTimeout(90_000);

const world = useEryFuzzWorld('ery-fuzz-replies-');
const escaped = watchCrashes();
const RESTING = ['idle', 'batching', 'cooldown'];

describe(`fuzzed model replies to a running Ery (ERY_FUZZ_SEED=${FUZZ_SEED})`, () => {
  test('GIVEN the model answers garbage THEN the thread ends, the channel rests and the message queued meanwhile is answered', async () => {
    const { demo } = world.playground;
    const channelId = demo.channels.random;
    await fc.assert(
      fc.asyncProperty(modelReply, async (garbage) => {
        // The next request Ery makes gets the garbage; later ones get the pong model.
        world.llm.script('fuzz', garbage);
        const asked = world.llm.requests.length;
        world.playground.postMessage({
          channelId,
          authorId: demo.users.alice,
          content: `<@${demo.users.ery}> hello`,
        });
        await waitUntil(() => world.llm.requests.length > asked);
        // The thread is running: this message waits in the queue for the next batch.
        const queued = newMarker();
        const since = world.playground.events().at(-1)?.seq ?? 0;
        world.playground.postMessage({ channelId, authorId: demo.users.bob, content: `and also ${queued}` });
        await world.answered(queued, since, 20_000);
        const { supervisor, db } = world.ery.core;
        await waitUntil(() => RESTING.includes(String(supervisor.actorOf(channelId)?.getSnapshot().value)));
        await waitUntil(() => {
          supervisor.flush();
          return db
            .select()
            .from(threads)
            .all()
            .every((thread) => thread.status !== 'running');
        });
        expect(escaped).toEqual([]);
      }),
      fuzzParams(5, { shrink: false }),
    );
  });
});
