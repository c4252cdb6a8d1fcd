/**
 * How every fuzz test of test/fuzz runs: a fixed seed from `ERY_FUZZ_SEED` when it is set (to
 * replay a failure), else a random one; a modest number of runs so the whole set stays well under a
 * minute in `npm test`. On failure fast-check's error names the seed and the shrunk path; with
 * `ERY_FUZZ_SEED=<seed>` and the printed `path` passed as `ERY_FUZZ_PATH` the failing case runs again
 * first.
 */
import fc from 'fast-check';

/** The seed of this run: `ERY_FUZZ_SEED` when it is a whole number, else random. */
export const FUZZ_SEED = (() => {
  const given = process.env.ERY_FUZZ_SEED?.trim();
  if (given && /^-?\d+$/.test(given)) return Number(given);
  return Math.floor(Math.random() * 2 ** 31);
})();

/**
 * fast-check parameters for a property of `numRuns` runs under {@link FUZZ_SEED}; the failure
 * message carries the seed, the path and the counterexample.
 */
export function fuzzParams(numRuns: number): fc.Parameters<unknown> {
  const path = process.env.ERY_FUZZ_PATH?.trim();
  return {
    seed: FUZZ_SEED,
    numRuns,
    ...(path ? { path } : {}),
    endOnFailure: true,
    // The seed alone replays the run; say so next to fast-check's own report.
    reporter: (details) => {
      if (!details.failed) return;
      throw new Error(
        `${fc.defaultReportMessage(details)}\nReplay it with ERY_FUZZ_SEED=${details.seed} ERY_FUZZ_PATH=${JSON.stringify(details.counterexamplePath)}`,
      );
    },
  };
}

/** A string of up to `max` characters (default 5000), mostly short, sometimes huge. */
export const anyText = (max = 5000) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max }).map((n) => 'x'.repeat(n)) },
  );

/** Any JSON value, with a bias towards the edge values of each type. */
export const anyJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, '', '0', [], {}),
    fc.double(),
  );
