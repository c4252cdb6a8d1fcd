import { afterEach, describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { SimulatedClock } from 'xstate';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { commands } from './supervisor.property.commands.ts';
import {
  both,
  CHANNELS,
  checkInvariants,
  Ery,
  resting,
  settings,
  settle,
  type World,
} from './supervisor.property.model.ts';

const opened: EryDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.$client.close();
});

describe('supervisor properties', () => {
  test('GIVEN any sequence of messages, edits, deletes, time, agent outcomes and restarts THEN the invariants hold and restarts change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const clock = new SimulatedClock();
        const referenceDb = openDatabase(':memory:');
        const subjectDb = openDatabase(':memory:');
        opened.push(referenceDb, subjectDb);
        const world: World = {
          reference: new Ery(referenceDb, clock),
          subject: new Ery(subjectDb, clock),
          received: [],
          deleted: new Set(),
          current: new Map(),
          threads: new Map(),
          threadMessages: new Map(),
        };
        await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);

        // Drain: finish every thread and let every timer run until all channels rest.
        for (let round = 0; round < 50 && !resting(world.reference); round += 1) {
          for (const channelId of CHANNELS) {
            if (world.reference.activeCall(channelId)) {
              await both(world, (ery) => ery.finish(channelId, true));
            }
          }
          clock.increment(settings.batchWindowMs + settings.cooldownMs);
          await settle();
          checkInvariants(world);
        }
        // Every received message went into exactly one thread, but those deleted while they waited.
        const inThreads = [...world.threads.values()].flat().sort();
        expect(inThreads).toEqual(
          world.received
            .map((message) => message.id)
            .filter((id) => !world.deleted.has(id))
            .sort(),
        );
        world.reference.supervisor.stop();
        world.subject.supervisor.stop();
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
