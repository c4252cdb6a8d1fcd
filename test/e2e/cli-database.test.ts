/**
 * `ERY_DB_PATH` as a process sees it (issue 7 §1): a path that cannot be Ery's database stops
 * `ery start` and `ery migrate` with one line before anything connects or binds, and a second Ery
 * on a database another Ery holds refuses to start without touching Discord.
 */

import { Database } from 'bun:sqlite';
import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliEnv,
  countingDiscord,
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
const discord = countingDiscord();
const takenPort = discord.port;
/** A second taken port: the playground's must differ from the ops server's, or config refuses it. */
const holder = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: () => new Response(null, { status: 503 }),
});
const takenPlaygroundPort = String(holder.port);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  discord.stop();
  holder.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

/** Env of an Ery that would log in to the counting server and bind taken ports, if it got that far. */
const eagerEnv = (dbPath: string) =>
  cliEnv({
    ERY_DB_PATH: dbPath,
    DISCORD_TOKEN: 'would-log-in',
    DISCORD_API_URL: discord.apiUrl,
    ERY_HTTP_PORT: takenPort,
    ERY_PLAYGROUND_PORT: takenPlaygroundPort,
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

const badPaths: Array<{
  given: string;
  path: () => string;
  says: string;
  unprivileged?: boolean;
  /** What must still hold after both refusals (nothing created or changed). */
  after?: (path: string) => void;
}> = [
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
  {
    given: "another program's SQLite database (a users table, none of Ery's)",
    path: () => {
      const path = join(dir, 'other-app.db');
      const db = new Database(path);
      db.exec(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ann')",
      );
      db.close();
      return path;
    },
    says: `is another program's SQLite database (tables users, none of Ery's)`,
    after: (path) => expect(tableNames(path)).toEqual(['users']),
  },
  {
    given: 'a database file with a second hard link',
    path: () => {
      const path = join(dir, 'linked.db');
      new Database(path).close();
      linkSync(path, join(dir, 'other-name.db'));
      return path;
    },
    says: 'has 2 hard links',
  },
  {
    given: 'a path ending in "/"',
    path: () => join(dir, 'newdir/'),
    says: `ends in "/", so it names a folder; set ERY_DB_PATH to a file in it, such as ${JSON.stringify(join(dir, 'newdir/ery.db'))}`,
    after: () => expect(existsSync(join(dir, 'newdir'))).toBe(false),
  },
  {
    given: 'a path starting with "~"',
    path: () => '~/ery.db',
    says: 'starts with "~", which only a shell expands; set ERY_DB_PATH to an absolute path or $HOME',
    after: () => expect(existsSync(join(dir, '~'))).toBe(false),
  },
];

/** The tables in the SQLite file at `path`, by name. */
function tableNames(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return (rows as Array<{ name: string }>).map((row) => row.name);
  } finally {
    db.close();
  }
}

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
      bad.after?.(path);
      expect(discord.requests).toBe(0);
    });
  }
});

/** `ery playground` on `dbPath` with free ports. */
const playground = (dbPath: string) =>
  spawnEry(['playground'], {
    cwd: dir,
    env: cliEnv({ ERY_DB_PATH: dbPath, ERY_HTTP_PORT: '0', ERY_PLAYGROUND_PORT: '0' }),
  });

describe('two Ery processes on one database', () => {
  test('GIVEN one Ery running THEN a second on the same ERY_DB_PATH refuses with one line and never calls Discord, the first keeps running, and after a SIGKILL a new one starts', async () => {
    const path = join(dir, 'shared', 'ery.db');
    const first = playground(path);
    children.push(first);
    const opsUrl = /Ops: (\S+)\/health/.exec(await stdoutUntil(first, 'Ops:'))?.[1];

    for (const command of ['start', 'migrate']) {
      const { code, line } = await refusal(command, path);
      expect({ command, code }).toEqual({ command, code: 1 });
      expect(line).toContain('another Ery process is using');
    }
    expect(discord.requests).toBe(0);
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

describe('one database under other names', () => {
  test('GIVEN an Ery running on a database THEN another through a symlink to the file or to its folder refuses, and through the link later it uses the same lock and playground file', async () => {
    const realDir = join(dir, 'real');
    const path = join(realDir, 'ery.db');
    const first = playground(path);
    children.push(first);
    await stdoutUntil(first, 'Ops:');
    mkdirSync(join(dir, 'links'));
    symlinkSync(path, join(dir, 'links', 'absolute.db'));
    symlinkSync('../real/ery.db', join(dir, 'links', 'relative.db'));
    symlinkSync(realDir, join(dir, 'links', 'folder'));
    symlinkSync('absolute.db', join(dir, 'links', 'chained.db'));
    const aliases = ['links/absolute.db', 'links/relative.db', 'links/folder/ery.db', 'links/chained.db'];
    for (const alias of aliases) {
      for (const command of ['start', 'migrate']) {
        const { code, line } = await refusal(command, join(dir, alias));
        expect({ alias, command, code }).toEqual({ alias, command, code: 1 });
        expect(line).toContain('another Ery process is using');
      }
    }
    expect(discord.requests).toBe(0);
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const throughLink = playground(join(dir, 'links', 'absolute.db'));
    children.push(throughLink);
    await stdoutUntil(throughLink, 'Ops:');
    throughLink.kill('SIGTERM');
    expect(await throughLink.exited).toBe(0);
    // Everything kept per database sits beside the real file, never beside a link.
    expect(readdirSync(join(dir, 'links')).sort()).toEqual([
      'absolute.db',
      'chained.db',
      'folder',
      'relative.db',
    ]);
    expect(readdirSync(realDir)).toEqual(
      expect.arrayContaining(['ery.db', 'ery.db.lock', 'ery.db.playground']),
    );
  });
});

describe('a busy ops port', () => {
  test('GIVEN ERY_HTTP_PORT is taken THEN start stops with one line naming it, before it calls Discord', async () => {
    const before = discord.requests;
    const result = await finished(
      spawnEry(['start'], {
        cwd: dir,
        env: cliEnv({
          ERY_DB_PATH: join(dir, 'busy-ops', 'ery.db'),
          DISCORD_TOKEN: 'would-log-in',
          DISCORD_API_URL: discord.apiUrl,
          ERY_HTTP_PORT: takenPort,
        }),
      }),
    );
    const lines = result.stderr.trim().split('\n');
    expect({ code: result.code, lines }).toEqual({
      code: 1,
      lines: [expect.stringContaining(`ery: ERY_HTTP_PORT: port ${takenPort} is already in use`)],
    });
    expect(discord.requests).toBe(before);
  });
});
