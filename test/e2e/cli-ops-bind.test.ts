import { describe, expect, test } from 'bun:test';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { dir, useCliDir } from './cli.fixtures.ts';
import { cliEnv, countingDiscord, finished, freePort, spawnEry, stdoutUntil } from './support/cli-process.ts';

useCliDir();

const TOKEN = 'cli-ops-token-0123456789';

/** `ery start` with `env` added, to its end, against a Discord stand-in that counts the requests it gets. */
async function startRefused(name: string, env: Record<string, string>) {
  const discord = countingDiscord();
  try {
    const child = spawnEry(['start'], {
      cwd: dir,
      env: cliEnv({
        ERY_DB_PATH: join(dir, name, 'ery.db'),
        DISCORD_TOKEN: 'would-log-in',
        DISCORD_API_URL: discord.apiUrl,
        ...env,
      }),
    });
    const result = await finished(child);
    return { code: result.code, lines: result.stderr.trim().split('\n'), discordRequests: discord.requests };
  } finally {
    discord.stop();
  }
}

describe('ery start: where the ops server binds', () => {
  test('GIVEN ERY_HTTP_HOST=0.0.0.0 and no ERY_OPS_TOKEN THEN start stops with one line naming both, exit 2, before it calls Discord', async () => {
    expect(await startRefused('open', { ERY_HTTP_HOST: '0.0.0.0' })).toEqual({
      code: 2,
      lines: [expect.stringMatching(/^ery: ERY_HTTP_HOST: binds 0\.0\.0\.0, .*set ERY_OPS_TOKEN/)],
      discordRequests: 0,
    });
  });

  test('GIVEN an ERY_HTTP_HOST that is no address of this machine THEN start stops with one line naming it, before it calls Discord', async () => {
    // TEST-NET-1 (RFC 5737): never an address of a real machine.
    const env = { ERY_HTTP_PORT: '0', ERY_HTTP_HOST: '192.0.2.1', ERY_OPS_TOKEN: TOKEN };
    expect(await startRefused('elsewhere', env)).toEqual({
      code: 1,
      lines: [expect.stringMatching(/^ery: ERY_HTTP_HOST: 192\.0\.2\.1 is no address of this machine/)],
      discordRequests: 0,
    });
  });

  test('GIVEN an ERY_HTTP_HOST that is no IP address (127.999.0.1) THEN start stops with one line, exit 2, before it calls Discord', async () => {
    expect(await startRefused('octets', { ERY_HTTP_HOST: '127.999.0.1' })).toEqual({
      code: 2,
      lines: [expect.stringMatching(/^ery: ERY_HTTP_HOST: must be an IP address/)],
      discordRequests: 0,
    });
  });

  test('GIVEN an address Bun cannot bind (link-local fe80::1) THEN start stops with one line naming ERY_HTTP_HOST, exit 1, no stack trace, before it calls Discord', async () => {
    const env = { ERY_HTTP_PORT: '0', ERY_HTTP_HOST: 'fe80::1', ERY_OPS_TOKEN: TOKEN };
    expect(await startRefused('link-local', env)).toEqual({
      code: 1,
      lines: [expect.stringMatching(/^ery: ERY_HTTP_HOST(?: and ERY_HTTP_PORT)?: .*fe80::1/)],
      discordRequests: 0,
    });
  });

  test('GIVEN ERY_HTTP_HOST=0.0.0.0 with ERY_OPS_TOKEN THEN Ery serves every interface, prints addresses another machine can open, and every route asks for the token', async () => {
    const opsPort = freePort();
    const playgroundPort = freePort();
    const child = spawnEry(['start'], {
      cwd: dir,
      env: cliEnv({
        ERY_DB_PATH: join(dir, 'guarded', 'ery.db'),
        ERY_HTTP_PORT: String(opsPort),
        ERY_PLAYGROUND_PORT: String(playgroundPort),
        ERY_HTTP_HOST: '0.0.0.0',
        ERY_OPS_TOKEN: TOKEN,
      }),
    });
    try {
      const out = await stdoutUntil(child, 'every interface');
      // 0.0.0.0 is where it listens, not an address a browser can go to: this machine's name is.
      expect(out).not.toContain('0.0.0.0:');
      expect(out).toContain(`Ops: http://${hostname()}:${opsPort}/healthz`);
      expect(out).toContain(`Inspector: http://${hostname()}:${opsPort}/inspector`);
      expect(out).toContain('(bearer token: ERY_OPS_TOKEN)');
      expect(out).toContain(`open http://${hostname()}:${opsPort}/inspector?token=<your ERY_OPS_TOKEN>`);
      expect(out).not.toContain(TOKEN);
      // The chat page's Inspector link points there too.
      const chat = (await (await fetch(`http://127.0.0.1:${playgroundPort}/chat/state`)).json()) as {
        inspectorUrl: string;
      };
      expect(chat.inspectorUrl).toBe(`http://${hostname()}:${opsPort}/inspector`);
      const url = `http://127.0.0.1:${opsPort}/healthz`;
      expect((await fetch(url)).status).toBe(401);
      const health = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', failing: [] });
    } finally {
      child.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    }
  });
});
