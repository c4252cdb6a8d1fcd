/**
 * Collects what would crash a process: uncaught exceptions and unhandled rejections, while a fuzz
 * test file runs. Bun would report them between tests; a fuzz property asserts there were none so
 * its failure carries the seed and the input that caused them.
 */
import { afterAll, beforeAll } from 'bun:test';

/** Registers the hooks of the file that calls it; the returned list fills with what escaped. */
export function watchCrashes(): unknown[] {
  const escaped: unknown[] = [];
  const onError = (error: unknown) => {
    escaped.push(error);
  };
  beforeAll(() => {
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
  });
  afterAll(() => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  });
  return escaped;
}
