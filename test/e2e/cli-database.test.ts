/**
 * `ERY_DB_PATH` as a process sees it (issue 7 §1): a path that cannot be Ery's database stops
 * `ery start` and `ery migrate` with one line before anything connects or binds, and a second Ery
 * on a database another Ery holds refuses to start without touching Discord.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliEnv,
  type EryProcess,
  eryAsUnprivileged,
  finished,
  spawnEry,
  stdoutUntil,
} from './support/cli-process.ts';

setDefaultTimeout(60_000);
const dir = mkdtempSync(join(tmpdir(), 'ery-cli-db-'));
// Readable by the unprivileged user the file-mode cases run as.
chmodSync(dir, 0o755);
const children: EryProcess[] = [];

/**
 * A stand-in for Discord that counts every request, and whose port doubles as a taken port: an
 * Ery that bound its servers or called Discord before checking its database would show it here.
 */
let discordRequests = 0;
const discord = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: () => {
    discordRequests += 1;
    return new Response('{}', { status: 401 });
  },
});
const takenPort = String(discord.port);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  discord.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

/** Env of an Ery that would log in to the counting server and bind taken ports, if it got that far. */
const eagerEnv = (dbPath: string) =>
  cliEnv({
    ERY_DB_PATH: dbPath,
    DISCORD_TOKEN: 'would-log-in',
    DISCORD_API_URL: `http://127.0.0.1:${takenPort}/api`,
    ERY_HTTP_PORT: takenPort,
    ERY_PLAYGROUND_PORT: takenPort,
  });

/** Runs `ery <command>` and expects exactly one stderr line naming ERY_DB_PATH, with no stack trace. */
async function refusal(command: string, dbPath: string, runner?: string[]) {
  const result = await finished(
    spawnEry([command], { cwd: dir, env: eagerEnv(dbPath), ...(runner ? { command: runner } : {}) }),
  );
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toStartWith('ery: ERY_DB_PATH: ');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return { code: result.code, line: lines[0] as string };
}

const badPaths: Array<{ given: string; path: () => string; says: string; unprivileged?: boolean }> = [
  {
    given: 'a folder',
    path: () => {
      mkdirSync(join(dir, 'a-folder'));
      return join(dir, 'a-folder');
    },
    says: 'is a folder',
  },
  {
    given: 'a path under a regular file',
    path: () => {
      writeFileSync(join(dir, 'plain-file'), 'x');
      return join(dir, 'plain-file', 'sub', 'ery.db');
    },
    says: 'is a file, not a folder',
  },
  {
    given: 'a text file',
    path: () => {
      writeFileSync(join(dir, 'notes.txt'), 'these are my notes, not a database\n');
      return join(dir, 'notes.txt');
    },
    says: 'is not a SQLite database',
  },
  {
    given: 'a database file this user cannot write',
    path: () => {
      const path = join(dir, 'read-only.db');
      writeFileSync(path, '');
      chmodSync(path, 0o444);
      return path;
    },
    says: 'is not writable',
    unprivileged: true,
  },
  {
    given: 'a new file in a read-only folder',
    path: () => {
      mkdirSync(join(dir, 'read-only-folder'));
      chmodSync(join(dir, 'read-only-folder'), 0o555);
      return join(dir, 'read-only-folder', 'ery.db');
    },
    says: 'is not writable',
    unprivileged: true,
  },
];

describe('a bad ERY_DB_PATH', () => {
  for (const bad of badPaths) {
    test(`GIVEN ${bad.given} THEN ery start and ery migrate stop with one line naming ERY_DB_PATH and exit 2, before binding a port or calling Discord`, async () => {
      const path = bad.path();
      const runner = bad.unprivileged ? eryAsUnprivileged() : undefined;
      for (const command of ['start', 'migrate']) {
        const { code, line } = await refusal(command, path, runner);
        expect({ command, code }).toEqual({ command, code: 2 });
        expect(line).toContain(bad.says);
        expect(line).toMatch(/set ERY_DB_PATH|make it writable/);
      }
      expect(discordRequests).toBe(0);
    });
  }
});

describe('two Ery processes on one database', () => {
  test('GIVEN one Ery running THEN a second on the same ERY_DB_PATH refuses with one line and never calls Discord, the first keeps running, and after a SIGKILL a new one starts', async () => {
    const path = join(dir, 'shared', 'ery.db');
    const playground = (dbPath: string) =>
      spawnEry(['playground'], {
        cwd: dir,
        env: cliEnv({ ERY_DB_PATH: dbPath, ERY_HTTP_PORT: '0', ERY_PLAYGROUND_PORT: '0' }),
      });
    const first = playground(path);
    children.push(first);
    const opsUrl = /Ops: (\S+)\/health/.exec(await stdoutUntil(first, 'Ops:'))?.[1];

    for (const command of ['start', 'migrate']) {
      const { code, line } = await refusal(command, path);
      expect({ command, code }).toEqual({ command, code: 1 });
      expect(line).toContain('another Ery process is using');
    }
    expect(discordRequests).toBe(0);
    expect(first.exitCode).toBeNull();
    expect((await fetch(`${opsUrl}/health`)).status).toBe(200);

    first.kill('SIGKILL');
    await first.exited;
    const next = playground(path);
    children.push(next);
    await stdoutUntil(next, 'Ops:');
    next.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    // A clean stop releases the database at once.
    const migrated = await finished(spawnEry(['migrate'], { cwd: dir, env: cliEnv({ ERY_DB_PATH: path }) }));
    expect(migrated).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('a busy ops port', () => {
  test('GIVEN ERY_HTTP_PORT is taken THEN start stops with one line naming it, before it calls Discord', async () => {
    const before = discordRequests;
    const result = await finished(
      spawnEry(['start'], {
        cwd: dir,
        env: cliEnv({
          ERY_DB_PATH: join(dir, 'busy-ops', 'ery.db'),
          DISCORD_TOKEN: 'would-log-in',
          DISCORD_API_URL: `http://127.0.0.1:${takenPort}/api`,
          ERY_HTTP_PORT: takenPort,
        }),
      }),
    );
    const lines = result.stderr.trim().split('\n');
    expect({ code: result.code, lines }).toEqual({
      code: 1,
      lines: [expect.stringContaining(`ery: ERY_HTTP_PORT: port ${takenPort} is already in use`)],
    });
    expect(discordRequests).toBe(before);
  });
});
