/**
 * The long chaos soak (issue 11 §2): `npm run soak -- [--seed N] [--rounds M] [--runs K]` runs K
 * chaos runs of M SIGKILL rounds each, from seed N upwards (defaults 1, 40, 5), prints each
 * outcome, and exits 1 naming the seed of the first run that lost a message, answered one twice,
 * repeated a send or left a channel unsettled. The short run is test/e2e/chaos.test.ts.
 */
import { parseArgs } from 'node:util';
import { runChaos } from './support/chaos.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '40' },
    runs: { type: 'string', default: '5' },
  },
});
const first = Number(values.seed);
const rounds = Number(values.rounds);
const runs = Number(values.runs);
if (![first, rounds, runs].every(Number.isInteger) || rounds < 1 || runs < 1) {
  process.stderr.write('soak: --seed, --rounds and --runs take whole numbers (rounds and runs at least 1)\n');
  process.exit(2);
}

let failed: number | null = null;
for (let seed = first; seed < first + runs; seed += 1) {
  const outcome = await runChaos({ seed, rounds });
  const bad =
    outcome.lost.length +
    outcome.answeredTwice.length +
    outcome.repeatedSends.length +
    outcome.unsettled.length;
  process.stdout.write(
    `seed ${seed}: ${outcome.posted} messages, ${rounds} kills (${countKills(outcome.kills)}): ${bad === 0 ? 'ok' : JSON.stringify(outcome)}\n`,
  );
  if (bad > 0 && failed === null) failed = seed;
}
if (failed !== null) {
  process.stderr.write(
    `soak: seed ${failed} failed; repeat it with ERY_CHAOS_SEED=${failed} ERY_CHAOS_ROUNDS=${rounds} npm test -- test/e2e/chaos.test.ts\n`,
  );
  process.exit(1);
}

function countKills(kills: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const kill of kills) counts.set(kill, (counts.get(kill) ?? 0) + 1);
  return [...counts].map(([kill, count]) => `${count} ${kill}`).join(', ');
}
