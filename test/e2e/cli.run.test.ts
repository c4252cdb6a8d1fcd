/**
 * The `ery` CLI as a user runs it: a real process, real ports, a real SQLite file.
 */

import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_IDS } from '../../src/playground/index.ts';
import { type ChatStateBody, dir, startEnv, useCliDir } from './cli.fixtures.ts';
import { cliEnv as baseEnv, ERY, finished, freePort, spawnEry, stdoutUntil } from './support/cli-process.ts';

useCliDir();

describe('ery CLI', () => {
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

  test('GIVEN ery start WHEN one request to stop arrives twice at once (Ctrl-C: the terminal and npm both send it) THEN it still stops cleanly', async () => {
    const path = join(dir, 'ctrl-c', 'ery.db');
    const child = Bun.spawn([ERY, 'start'], {
      cwd: dir,
      env: startEnv(path, freePort(), freePort()),
      stdout: 'pipe',
      stderr: 'pipe',
    });
    await stdoutUntil(child, 'to chat with it');
    child.kill('SIGINT');
    // A second delivery moments later (a signal of the other kind, so the kernel cannot merge the
    // two while the first is pending, as it may two SIGINTs).
    await Bun.sleep(5);
    child.kill('SIGTERM');
    // A forced stop (ery.stop_forced) exits 1 without the flush.
    expect(await child.exited).toBe(0);
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

describe('a signal during start-up', () => {
  test('GIVEN Discord never answers the login WHEN SIGTERM comes THEN Ery gives up the login, exits 0 and frees the database', async () => {
    let calls = 0;
    const silent = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      // Never answers: the login is still in progress when the signal comes.
      fetch: () => {
        calls += 1;
        return new Promise<Response>(() => {});
      },
    });
    try {
      const env = baseEnv({
        ERY_DB_PATH: join(dir, 'signal', 'ery.db'),
        DISCORD_TOKEN: 'a-token',
        DISCORD_API_URL: `http://127.0.0.1:${silent.port}/api`,
        ERY_HTTP_PORT: '0',
        LOG_LEVEL: 'info',
      });
      const child = spawnEry(['start'], { cwd: dir, env });
      for (let i = 0; i < 500 && calls === 0; i += 1) await Bun.sleep(20);
      expect(calls).toBeGreaterThan(0);
      child.kill('SIGTERM');
      const { code, stdout } = await finished(child);
      expect(code).toBe(0);
      expect(stdout).toContain('stopped during start-up');
      // The lock went with it: migrate may use the database at once.
      expect((await finished(spawnEry(['migrate'], { cwd: dir, env }))).code).toBe(0);
    } finally {
      silent.stop(true);
    }
  });
});
