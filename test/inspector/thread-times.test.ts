/**
 * A thread cut off by a restart, as the inspector shows it (issue 9 walkthrough): its row and its
 * detail carry each restart, when it was last seen and when it resumed, and the page writes
 * those two moments instead of one duration that spans the downtime.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { createActorLog } from '../../src/db/actor-log.ts';
import { createChannelHistory } from '../../src/db/channel-history.ts';
import { recordedStores } from '../../src/db/inspector-stores.ts';
import { clockTime } from '../../src/inspector/client/format.ts';
import { threadTook } from '../../src/inspector/client/thread-times.ts';
import { threadDetail } from '../../src/inspector/thread-detail.ts';
import { withInterruptions } from '../../src/inspector/thread-times.ts';
import {
  CHANNEL,
  closeWorlds,
  restartableChannel,
  START,
  twiceInterruptedThread,
} from '../replay/restartable-channel.ts';

afterEach(closeWorlds);

describe('GIVEN a thread that was running when Ery stopped, and finished after it started again', () => {
  test('WHEN its channel’s threads are listed THEN it carries the restart: last seen before, resumed after', async () => {
    const world = await twiceInterruptedThread();
    world.log();
    const rows = createChannelHistory(world.db).threads(CHANNEL, 20);
    const [row] = withInterruptions(createActorLog(world.db.$client), CHANNEL, rows);
    expect(row?.interruptions.map((cut) => [cut.lastSeenAt <= START + 2_000, cut.resumedAt])).toEqual([
      [true, START + 2_000],
      [true, START + 62_000],
    ]);
    expect(threadDetail(recordedStores(world.db), row?.id as string)?.thread.interruptions).toEqual(
      row?.interruptions ?? [],
    );
    // The page says when it was cut and when it resumed, never "took 62 s".
    const took = threadTook(row as Parameters<typeof threadTook>[0]);
    expect(took).toContain(`→ resumed ${clockTime(START + 62_000)}`);
    expect(took).not.toMatch(/\d s$/);
  });

  test('WHEN a thread ran without a restart THEN it has none, and its duration is shown', async () => {
    const world = restartableChannel();
    await world.mention();
    world.clock.increment(1_500);
    await world.finish();
    world.log();
    const [row] = withInterruptions(
      createActorLog(world.db.$client),
      CHANNEL,
      createChannelHistory(world.db).threads(CHANNEL, 20),
    );
    expect(row?.interruptions).toEqual([]);
    expect(threadTook(row as Parameters<typeof threadTook>[0])).toBe('1.5 s');
  });
});
