/**
 * Every benchmark case, in the order `ery bench` runs them, with a one-line description. Each is
 * loaded only in the process that runs it (bench/run-case.ts).
 */
import type { BenchCase } from '../support/case.ts';

export const CASES = {
  ingest: {
    about: 'plain messages into actors and SQLite vs a bare discord.js client',
    load: async () => (await import('./ingest.ts')).ingest,
  },
  latency: {
    about: 'mention → model request at 1,000 mentions/s, and CPU per mention, vs a bare discord.js client',
    load: async () => (await import('./latency.ts')).latency,
  },
  'idle-memory': {
    about:
      'heap and RSS per idle channel at rest (full: 10,000 and 100,000 channels) vs a bare discord.js client',
    load: async () => (await import('./idle-memory.ts')).idleMemory,
  },
  'actor-memory': {
    about: 'heap per idle channel: in the supervisor, alone, a bare XState actor of the same shape, plain',
    load: async () => (await import('./actor-memory.ts')).actorMemory,
  },
  restart: {
    about:
      'restart on many persisted channels (full: 100,000, 1,000 busy): until every busy one is back at the model',
    load: async () => (await import('./restart.ts')).restart,
  },
  'snapshot-writes': {
    about: 'snapshot rows/s through the write-behind vs a raw bun:sqlite batched upsert',
    load: async () => (await import('./snapshot-writes.ts')).snapshotWrites,
  },
  plain: {
    about: 'the same batching and queueing without actors (timers and promise chains), in process',
    load: async () => (await import('./plain.ts')).plainBaseline,
  },
  inspection: {
    about: 'events per second with the inspector open vs closed',
    load: async () => (await import('./inspection.ts')).inspection,
  },
  burst: {
    about: "a burst of mentions across channels against the playground's rate limits: 429s, lost, duplicated",
    load: async () => (await import('./burst.ts')).burst,
  },
} satisfies Record<string, { about: string; load: () => Promise<BenchCase> }>;

export type CaseName = keyof typeof CASES;

/** True when `name` is a case. */
export function isCaseName(name: string): name is CaseName {
  return Object.hasOwn(CASES, name);
}
