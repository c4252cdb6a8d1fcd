/**
 * How every fuzz test of test/fuzz runs: the seed from `ERY_FUZZ_SEED` when it is a whole number (to
 * replay a failure), a random one when it is `random` (to explore: `ERY_FUZZ_SEED=random npm test`),
 * else {@link DEFAULT_SEED}, so `npm test` and CI run the same inputs every time; a modest number of runs so the whole set stays well under a
 * minute in `npm test`. A failure prints the seed and the path of the failing case: run the test
 * again with `ERY_FUZZ_SEED=<seed> ERY_FUZZ_PATH=<path>` to replay exactly that case.
 */
import fc from 'fast-check';

/** The seed `npm test` runs with. */
const DEFAULT_SEED = 1;

/** The seed of this run: `ERY_FUZZ_SEED` when it is a whole number, random for `random`, else the default. */
export const FUZZ_SEED = (() => {
  const given = process.env.ERY_FUZZ_SEED?.trim();
  if (given && /^-?\d+$/.test(given)) return Number(given);
  if (given === 'random') return Math.floor(Math.random() * 2 ** 31);
  return DEFAULT_SEED;
})();

/**
 * fast-check parameters for a property of `numRuns` runs under {@link FUZZ_SEED}. A failure throws
 * one readable report: the seed and path to replay it, the error, and the counterexample with long
 * runs of one character written as `x×4001`. `shrink` (default true) looks for a smaller failing
 * input; end-to-end properties turn it off, as each try runs a whole scenario. `examples` (each one
 * tuple of the property's arguments) run first in every run.
 */
export function fuzzParams<T>(
  numRuns: number,
  options: { shrink?: boolean; examples?: ReadonlyArray<readonly unknown[]> } = {},
): fc.Parameters<T> {
  const path = process.env.ERY_FUZZ_PATH?.trim();
  return {
    seed: FUZZ_SEED,
    numRuns,
    ...(path ? { path } : {}),
    endOnFailure: options.shrink === false,
    // Inputs that once found a bug run first, every time, whatever the seed.
    // Checked by fast-check against the property's arbitraries only at run time.
    ...(options.examples ? { examples: options.examples as unknown as T[] } : {}),
    reporter: (details) => {
      if (!details.failed) return;
      const error = details.errorInstance;
      const shown = error instanceof Error ? (error.stack ?? error.message) : String(error);
      throw new Error(
        [
          `property failed after ${details.numRuns} runs (shrunk ${details.numShrinks} times)`,
          `replay it with ERY_FUZZ_SEED=${details.seed} ERY_FUZZ_PATH=${JSON.stringify(details.counterexamplePath)}`,
          `error: ${shown}`,
          `counterexample: ${compact(fc.stringify(details.counterexample))}`,
        ].join('\n'),
      );
    },
  };
}

/** `text` with runs of one repeated character shortened, and cut at 4000 characters. */
function compact(text: string): string {
  const short = text.replace(/(.)\1{19,}/gu, (run, char: string) => `${char}×${[...run].length}`);
  return short.length > 4000 ? `${short.slice(0, 4000)}… (${short.length} characters)` : short;
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
