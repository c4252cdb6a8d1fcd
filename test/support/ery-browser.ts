import { afterAll, beforeAll } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { DemoChatModel } from '../../src/llm/demo-model.ts';
import { silentLogger } from '../../src/logger.ts';
import { launchChromium } from './chromium.ts';

/** The real app with its playground and ops server, and a Chromium to look at them. */
export interface EryWithBrowser {
  readonly ery: RunningEry;
  readonly browser: Browser;
  /** The temporary folder holding `ery.db`; deleted after the file's tests. */
  readonly dir: string;
  /** `ERY_DB_PATH` of this Ery. */
  readonly dbPath: string;
}

/** What {@link useEryWithBrowser} starts: settings besides the database and ports, and the model. */
export interface EryWithBrowserOptions {
  /** Environment variables, as a user sets them (`ERY_BATCH_WINDOW_MS`, …). */
  env?: Record<string, string>;
  /** How long the offline demo model thinks before it answers, in ms (default 0). */
  thinkMs?: number;
  /** Runs after start-up and before the browser opens (a recorded run to replay, say). */
  prepare?: (started: Omit<EryWithBrowser, 'browser'>) => Promise<void>;
}

/**
 * Before the calling file's tests, runs Ery as `ery start` does against its playground (the real
 * discord.js client, an SQLite file in a new temporary folder, the ops server on a free port, the
 * demo model) and launches Chromium; after them, closes both and deletes the folder. Start-up gets
 * 60 s in all.
 *
 * @returns a handle whose fields are read inside tests; reading one before start-up throws.
 */
export function useEryWithBrowser(options: EryWithBrowserOptions = {}): EryWithBrowser {
  let started: EryWithBrowser | undefined;
  let dir: string | undefined;
  let ery: RunningEry | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ery-browser-'));
    const dbPath = join(dir, 'ery.db');
    const env = loadEnv({
      ERY_DB_PATH: dbPath,
      ERY_PLAYGROUND_PORT: '0',
      ERY_HTTP_PORT: '0',
      ...options.env,
    });
    const model = new DemoChatModel({ thinkMs: options.thinkMs ?? 0 });
    ery = await runEry({ env, logger: silentLogger, playground: true, model });
    await options.prepare?.({ ery, dir, dbPath });
    browser = await launchChromium();
    started = { ery, browser, dir, dbPath };
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await ery?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const field = <K extends keyof EryWithBrowser>(key: K): EryWithBrowser[K] => {
    if (!started) throw new Error('Ery and its browser are read before beforeAll started them');
    return started[key];
  };
  return {
    get ery() {
      return field('ery');
    },
    get browser() {
      return field('browser');
    },
    get dir() {
      return field('dir');
    },
    get dbPath() {
      return field('dbPath');
    },
  };
}
