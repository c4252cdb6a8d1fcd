import { afterAll, beforeAll, setDefaultTimeout } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv as baseEnv } from './support/cli-process.ts';

export let dir: string;

/** `ery start` on the playground with its own database and ports; a batch stays open for 10 minutes. */
export const startEnv = (dbPath: string, opsPort: number, playgroundPort: number) =>
  baseEnv({
    ERY_DB_PATH: dbPath,
    ERY_HTTP_PORT: String(opsPort),
    ERY_PLAYGROUND_PORT: String(playgroundPort),
    ERY_BATCH_WINDOW_MS: '600000',
  });

/** The part of `GET /chat/state` this test reads. */
export interface ChatStateBody {
  messages: Record<string, Array<{ content: string }>>;
}

/** Gives the calling file a 60 s test timeout and its own temporary working folder, removed after its tests. */
export function useCliDir(): void {
  setDefaultTimeout(60_000);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ery-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
}
