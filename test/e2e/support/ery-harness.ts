/**
 * Ery as a whole for end-to-end tests: one playground, one scripted OpenAI-compatible server and a
 * temporary folder per test file; `startEry` runs the real app (discord.js client, openai SDK, a real
 * SQLite file) against them, and every Ery started is stopped after each test.
 */
import { afterAll, afterEach, beforeAll } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../actors/clock.ts';
import { type RunningEry, runEry } from '../../../src/app/run.ts';
import { threads } from '../../../src/db/schema.ts';
import { loadEnv } from '../../../src/domain/config.ts';
import { type Logger, silentLogger } from '../../../src/logger.ts';
import { type Playground, type PlaygroundEvent, startPlayground } from '../../../src/playground/index.ts';
import { type OpenAIServer, startOpenAIServer } from '../../support/openai-server.ts';

/** How one Ery is started: the offline demo model or a scripted model, its database and batch window. */
export interface StartEryOptions {
  demo?: boolean;
  /** Default: a fresh file in the test folder. */
  db?: string;
  /** The scripted model's name (default `scripted`); each test scripts its own. */
  model?: string;
  /** ERY_BATCH_WINDOW_MS (default 200). */
  windowMs?: number;
  /** More environment variables, as a user sets them. */
  env?: Record<string, string>;
  /** Where its logs go (default: nowhere). */
  logger?: Logger;
  /** Serve the ops server on a free loopback port (default: none). */
  ops?: boolean;
  /** Ery's clock (default the system clock). */
  clock?: Clock;
  /** Aborts the start (`RunOptions.signal`): a login still waiting is given up. */
  signal?: AbortSignal;
}

/** What a test file gets; the fields are set once `beforeAll` has run. */
export interface EryWorld {
  dir: string;
  playground: Playground;
  llm: OpenAIServer;
  /** Every Ery still running; a test that stops one itself takes it out. */
  running: RunningEry[];
  startEry(options?: StartEryOptions): Promise<RunningEry>;
}

/** Registers the hooks of the file that calls it and returns its world. */
export function useEryWorld(prefix: string): EryWorld {
  let dbCount = 0;
  const world: EryWorld = {
    dir: '',
    playground: undefined as unknown as Playground,
    llm: undefined as unknown as OpenAIServer,
    running: [],
    async startEry(options = {}) {
      const env = loadEnv({
        ERY_DB_PATH: options.db ?? join(world.dir, `ery-${++dbCount}.db`),
        ERY_BATCH_WINDOW_MS: String(options.windowMs ?? 200),
        ERY_COOLDOWN_MS: '50',
        ...(options.demo
          ? {}
          : { LLM_BASE_URL: world.llm.baseURL, LLM_API_KEY: 'test', LLM_MODEL: options.model ?? 'scripted' }),
        ...(options.ops ? { ERY_HTTP_PORT: '0' } : {}),
        ...options.env,
      });
      const ery = await runEry({
        env,
        logger: options.logger ?? silentLogger,
        ops: options.ops ?? false,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        target: { apiUrl: world.playground.apiUrl, token: world.playground.botToken },
      });
      world.running.push(ery);
      return ery;
    },
  };
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

/** Waits until `count` threads of `ery` have ended, however they ended (its database holds them). */
export async function threadsEnded(ery: RunningEry, count: number): Promise<void> {
  await waitUntil(() => {
    ery.core.supervisor.flush();
    return (
      ery.core.db
        .select()
        .from(threads)
        .all()
        .filter((thread) => thread.status !== 'running').length >= count
    );
  });
}

/**
 * GET requests for a channel's message list (not one message) that `playground` answered after
 * event `since`: what reading history over REST costs.
 */
export function messageListReads(playground: Playground, channelId: string, since: number) {
  return playground
    .events()
    .filter(
      (event): event is Extract<PlaygroundEvent, { type: 'http.request' }> =>
        event.type === 'http.request' &&
        event.seq > since &&
        event.method === 'GET' &&
        new RegExp(`/channels/${channelId}/messages(\\?|$)`).test(event.path),
    );
}
