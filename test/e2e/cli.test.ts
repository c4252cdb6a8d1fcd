/**
 * The `ery` CLI as a user runs it: a real process, real ports, a real SQLite file.
 */

import { Database } from 'bun:sqlite';
import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvSchema } from '../../src/domain/config.ts';
import { DEMO_IDS } from '../../src/playground/index.ts';
import {
  cliEnv as baseEnv,
  countingDiscord,
  ERY,
  finished,
  freePort,
  REPO,
  spawnEry,
  stdoutUntil,
} from './support/cli-process.ts';

setDefaultTimeout(60_000);
const dir = mkdtempSync(join(tmpdir(), 'ery-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `ery start` on the playground with its own database and ports; a batch stays open for 10 minutes. */
const startEnv = (dbPath: string, opsPort: number, playgroundPort: number) =>
  baseEnv({
    ERY_DB_PATH: dbPath,
    ERY_HTTP_PORT: String(opsPort),
    ERY_PLAYGROUND_PORT: String(playgroundPort),
    ERY_BATCH_WINDOW_MS: '600000',
  });

describe('ery CLI', () => {
  test('GIVEN a bad config value THEN it exits with one line naming the variable', async () => {
    const child = Bun.spawn([ERY, 'start'], {
      cwd: dir,
      env: baseEnv({ ERY_BATCH_SIZE: 'five' }),
      stderr: 'pipe',
      stdout: 'pipe',
    });
    expect(await child.exited).toBe(2);
    const stderr = (await new Response(child.stderr).text()).trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain('ERY_BATCH_SIZE');
  });

  test('GIVEN an unknown command THEN it prints the usage and exits 2', async () => {
    const child = Bun.spawn([ERY, 'frobnicate'], {
      cwd: dir,
      env: baseEnv({}),
      stderr: 'pipe',
      stdout: 'pipe',
    });
    expect(await child.exited).toBe(2);
    expect(await new Response(child.stderr).text()).toContain('Usage: ery <command>');
  });

  test('GIVEN ery help THEN it lists exactly the commands that exist and exits 0', async () => {
    const { code, stdout } = await finished(spawnEry(['help'], { cwd: dir, env: baseEnv() }));
    expect(code).toBe(0);
    const commands = stdout.slice(stdout.indexOf('Commands:'), stdout.indexOf('Options:'));
    const listed = [...commands.matchAll(/^ {2}(\S+)/gm)].map((match) => match[1]);
    expect(listed).toEqual(['start', 'playground', 'migrate', 'bench', 'help']);
    for (const flag of ['--help', '-h']) {
      const other = await finished(spawnEry([flag], { cwd: dir, env: baseEnv() }));
      expect(other.code).toBe(0);
      expect(other.stdout).toBe(stdout);
    }
  });

  test("GIVEN ery help <command> or ery <command> --help THEN it prints that command's usage without running it", async () => {
    const path = join(dir, 'never-created', 'ery.db');
    const env = baseEnv({ ERY_DB_PATH: path });
    const help = await finished(spawnEry(['help', 'migrate'], { cwd: dir, env }));
    expect(help.code).toBe(0);
    expect(help.stdout).toStartWith('Usage: ery migrate');
    const flag = await finished(spawnEry(['migrate', '--help'], { cwd: dir, env }));
    expect(flag.stdout).toBe(help.stdout);
    expect(await Bun.file(path).exists()).toBe(false);
  });

  test('GIVEN ery help with an unknown command THEN it prints the usage and exits 2', async () => {
    const { code, stderr } = await finished(spawnEry(['help', 'replay'], { cwd: dir, env: baseEnv() }));
    expect(code).toBe(2);
    expect(stderr).toStartWith('ery: unknown command "replay"');
  });

  test('GIVEN ery --version or -V THEN it prints the package version and exits 0', async () => {
    const { version } = (await Bun.file(join(REPO, 'package.json')).json()) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await finished(spawnEry([flag], { cwd: dir, env: baseEnv() }));
      expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
    const help = await finished(spawnEry(['help'], { cwd: dir, env: baseEnv() }));
    expect(help.stdout).toContain('-V, --version');
  });

  test('GIVEN an unknown option or an extra argument THEN one line names it and the command, points to its help, exits 2 and runs nothing', async () => {
    const path = join(dir, 'never-created-by-typos', 'ery.db');
    const env = baseEnv({ ERY_DB_PATH: path, ERY_HTTP_PORT: '0', ERY_PLAYGROUND_PORT: '0' });
    const cases: Array<{ args: string[]; says: string }> = [
      { args: ['start', '--frsh'], says: 'unknown option "--frsh" for "start"; see `ery help start`' },
      { args: ['playground', '-f'], says: 'unknown option "-f" for "playground"; see `ery help playground`' },
      {
        args: ['migrate', '--fresh'],
        says: 'unknown option "--fresh" for "migrate"; see `ery help migrate`',
      },
      {
        args: ['migrate', 'extra'],
        says: 'unexpected argument "extra" for "migrate"; see `ery help migrate`',
      },
      { args: ['start', 'now'], says: 'unexpected argument "now" for "start"; see `ery help start`' },
      { args: ['start', '--fresh=yes'], says: '--fresh takes no value (got "yes"); see `ery help start`' },
      {
        args: ['help', 'start', 'extra'],
        says: 'unexpected argument "extra" for "help"; see `ery help help`',
      },
      { args: ['--frsh'], says: 'unknown option "--frsh"; see `ery help`' },
    ];
    for (const { args, says } of cases) {
      const result = await finished(spawnEry(args, { cwd: dir, env }));
      expect({ args, ...result }).toEqual({ args, code: 2, stdout: '', stderr: `ery: ${says}\n` });
    }
    expect(await Bun.file(path).exists()).toBe(false);
  });

  test('GIVEN a .env listing every variable with an empty value THEN each takes its default (ery migrate makes data/ery.db)', async () => {
    const cwd = join(dir, 'empty-env');
    mkdirSync(cwd);
    const names = Object.keys(EnvSchema.shape);
    writeFileSync(join(cwd, '.env'), names.map((name) => `${name}=\n`).join(''));
    const result = await finished(spawnEry(['migrate'], { cwd, env: { PATH: process.env.PATH ?? '' } }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(join(cwd, 'data', 'ery.db'))).toBe(true);
  });

  test('GIVEN ERY_HTTP_PORT equal to ERY_PLAYGROUND_PORT THEN start stops with one line naming both, exit 2, before it calls Discord', async () => {
    const discord = countingDiscord();
    try {
      const port = String(freePort());
      const result = await finished(
        spawnEry(['start'], {
          cwd: dir,
          env: baseEnv({
            ERY_DB_PATH: join(dir, 'same-ports', 'ery.db'),
            DISCORD_TOKEN: 'would-log-in',
            DISCORD_API_URL: discord.apiUrl,
            ERY_HTTP_PORT: port,
            ERY_PLAYGROUND_PORT: port,
          }),
        }),
      );
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^ery: ERY_HTTP_PORT: .*ERY_PLAYGROUND_PORT/),
      ]);
      expect(discord.requests).toBe(0);
      expect(existsSync(join(dir, 'same-ports'))).toBe(false);
    } finally {
      discord.stop();
    }
  });

  test('GIVEN ery bench with an unknown name THEN it lists the benchmarks and exits 2', async () => {
    const child = Bun.spawn([ERY, 'bench', 'no-such-bench'], {
      cwd: dir,
      env: baseEnv({}),
      stderr: 'pipe',
      stdout: 'pipe',
    });
    expect(await child.exited).toBe(2);
    expect(await new Response(child.stderr).text()).toContain('channel-actor-cost.ts');
  });

  test('GIVEN ery migrate THEN the database file exists with every table', async () => {
    const path = join(dir, 'migrated', 'ery.db');
    const env = baseEnv({ ERY_DB_PATH: path, LOG_LEVEL: 'info' });
    const first = await finished(spawnEry(['migrate'], { cwd: dir, env }));
    expect(first.code).toBe(0);
    // It says what it did: every migration on a new file, none the second time.
    const count = readdirSync(new URL('../../migrations', import.meta.url).pathname).filter((f) =>
      f.endsWith('.sql'),
    ).length;
    expect(first.stdout).toContain(`applied ${count} migrations`);
    const again = await finished(spawnEry(['migrate'], { cwd: dir, env }));
    expect(again.stdout).toContain('already up to date');
    const db = new Database(path, { readonly: true });
    const tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string;
    }>;
    db.close();
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        'channels',
        'channel_events',
        'threads',
        'thread_steps',
        'audit_log',
        'config_overrides',
        'guild_policies',
      ]),
    );
  });

  test('GIVEN ery start with no token THEN the playground chat works, and SIGTERM flushes the open batch to SQLite', async () => {
    const path = join(dir, 'start', 'ery.db');
    const opsPort = freePort();
    const playgroundPort = freePort();
    const child = Bun.spawn([ERY, 'start'], {
      cwd: dir,
      env: startEnv(path, opsPort, playgroundPort),
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const out = await stdoutUntil(child, 'to chat with it');
    const chatUrl = `http://127.0.0.1:${playgroundPort}`;
    expect(out).toContain(chatUrl);
    expect(out).toContain('offline demo model');
    expect((await fetch(`${chatUrl}/`)).status).toBe(200);

    const posted = await fetch(`${chatUrl}/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: DEMO_IDS.channels.random,
        authorId: DEMO_IDS.users.bob,
        content: 'kept?',
      }),
    });
    expect(posted.status).toBe(201);
    // Wait until the supervisor has the message (the ops server shows live channels).
    for (let tries = 0; tries < 200; tries += 1) {
      const live = (await (await fetch(`http://127.0.0.1:${opsPort}/api/channels`)).json()) as unknown[];
      if (live.length > 0) break;
      await Bun.sleep(25);
    }
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);

    const db = new Database(path, { readonly: true });
    const row = db
      .query('SELECT status, snapshot FROM channels WHERE channel_id = ?')
      .get(DEMO_IDS.channels.random) as { status: string; snapshot: string } | null;
    db.close();
    expect(row?.status).toBe('batching');
    expect(JSON.parse(row?.snapshot ?? '{}').context.batch[0].content).toBe('kept?');
  });

  test('GIVEN ery start WHEN it is stopped (SIGTERM, then SIGKILL) and started again THEN the chat still shows the messages; --fresh starts empty', async () => {
    const path = join(dir, 'restart', 'ery.db');
    const playgroundPort = freePort();
    const chatUrl = `http://127.0.0.1:${playgroundPort}`;
    const opsPort = freePort();
    const start = (...flags: string[]) =>
      Bun.spawn([ERY, 'start', ...flags], {
        cwd: dir,
        env: startEnv(path, opsPort, playgroundPort),
        stdout: 'ignore',
        stderr: 'pipe',
      });
    /** The messages of #random once Ery is up (its ops server answers last, when signals are handled). */
    const contents = async (child: ReturnType<typeof start>) => {
      for (let tries = 0; tries < 400; tries += 1) {
        const up = await fetch(`http://127.0.0.1:${opsPort}/health`).then(
          (response) => response.ok,
          () => false,
        );
        if (up) {
          const state = (await (await fetch(`${chatUrl}/chat/state`)).json()) as ChatStateBody;
          return (state.messages[DEMO_IDS.channels.random] ?? []).map((message) => message.content);
        }
        if (child.exitCode !== null) break;
        await Bun.sleep(25);
      }
      throw new Error(`ery start did not come up: ${await new Response(child.stderr).text()}`);
    };
    const post = (content: string) =>
      fetch(`${chatUrl}/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channelId: DEMO_IDS.channels.random, authorId: DEMO_IDS.users.bob, content }),
      });

    const first = start();
    expect(await contents(first)).toEqual([]);
    expect((await post('before SIGTERM')).status).toBe(201);
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start();
    expect(await contents(second)).toEqual(['before SIGTERM']);
    expect((await post('before SIGKILL')).status).toBe(201);
    second.kill('SIGKILL');
    await second.exited;

    const third = start();
    expect(await contents(third)).toEqual(['before SIGTERM', 'before SIGKILL']);
    third.kill('SIGTERM');
    expect(await third.exited).toBe(0);

    const fresh = start('--fresh');
    expect(await contents(fresh)).toEqual([]);
    fresh.kill('SIGTERM');
    expect(await fresh.exited).toBe(0);
    const db = new Database(path, { readonly: true });
    const rows = db.query('SELECT count(*) AS n FROM channels WHERE guild_id = ?').get(DEMO_IDS.guildId) as {
      n: number;
    };
    db.close();
    expect(rows.n).toBe(0);
  });
});

/** The part of `GET /chat/state` this test reads. */
interface ChatStateBody {
  messages: Record<string, Array<{ content: string }>>;
}
