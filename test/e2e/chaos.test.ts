import { describe, expect, test } from 'bun:test';
import { runChaos } from './support/chaos.ts';

/**
 * The short chaos run of `npm test` (issue 11 §2): a few seeded SIGKILLs of a real `ery start`
 * process; the soak (`npm run soak`) runs many more from any seed. Seeded, so a failure names the
 * seed that repeats it.
 */
const SEED = Number(process.env.ERY_CHAOS_SEED ?? 20261206);
const ROUNDS = Number(process.env.ERY_CHAOS_ROUNDS ?? 6);

describe('GIVEN Ery killed with SIGKILL at random points and started again each time', () => {
  test(`THEN no message is lost or answered twice, no Discord side effect is repeated, and every channel comes back to rest (seed ${SEED}, ${ROUNDS} rounds)`, async () => {
    const outcome = await runChaos({ seed: SEED, rounds: ROUNDS });
    expect(outcome.posted).toBeGreaterThan(10);
    expect({
      lost: outcome.lost,
      answeredTwice: outcome.answeredTwice,
      repeatedSends: outcome.repeatedSends,
      unsettled: outcome.unsettled,
    }).toEqual({ lost: [], answeredTwice: [], repeatedSends: [], unsettled: [] });
  }, 120_000);
});
