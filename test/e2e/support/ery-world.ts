import { afterAll, afterEach, beforeAll } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEry } from '../../../src/app/run.ts';
import { threads } from '../../../src/db/schema.ts';
import { type Playground, startPlayground } from '../../../src/playground/index.ts';
import { type OpenAIServer, startOpenAIServer } from '../../support/openai-server.ts';

/** What a suite of end-to-end tests shares: a playground, a scripted model, a folder for databases. */
export interface EryWorld {
  dir: string;
  playground: Playground;
  llm: OpenAIServer;
  /** Ery instances to stop after each test. */
  running: RunningEry[];
}

/**
 * Registers the hooks of an end-to-end suite: one playground and one scripted model server for
 * the file, every Ery started in a test stopped after it, everything removed at the end. The
 * fields are filled in `beforeAll`, so read them inside tests.
 */
export function useEryWorld(prefix: string): EryWorld {
  const world = { running: [] } as unknown as EryWorld;
  beforeAll(async () => {
    world.dir = mkdtempSync(join(tmpdir(), prefix));
    world.playground = await startPlayground();
    world.llm = startOpenAIServer();
  });
  afterEach(async () => {
    for (const ery of world.running.splice(0)) await ery.stop();
  });
  afterAll(async () => {
    await world.playground.stop();
    await world.llm.close();
    rmSync(world.dir, { recursive: true, force: true });
  });
  return world;
}

/** Polls `condition` every 20 ms; throws after `timeoutMs` (a guard against hanging, not a measure). */
export async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await Bun.sleep(20);
  }
}

/** Waits until a thread of `ery` is persisted with `status`, and returns its row. */
export async function threadEnded(ery: RunningEry, status: string): Promise<typeof threads.$inferSelect> {
  let row: typeof threads.$inferSelect | undefined;
  await waitUntil(() => {
    ery.core.supervisor.flush();
    row = ery.core.db
      .select()
      .from(threads)
      .all()
      .find((thread) => thread.status === status);
    return row !== undefined;
  });
  return row as typeof threads.$inferSelect;
}
