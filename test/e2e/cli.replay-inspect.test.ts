/**
 * `ery replay <channelId> --inspect` as a user runs it (issue 9 §3): a real process serving the
 * replay view of a channel's log from a SQLite file, with no Ery running, until SIGTERM; and the
 * option mistakes it refuses with one line.
 */
import { beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import type { ReplayView } from '../../src/inspector/wire.ts';
import { CHANNEL, recordChannelLife } from '../replay/recorded-channel.ts';
import { dir, useCliDir } from './cli.fixtures.ts';
import { cliEnv, finished, freePort, spawnEry, stdoutUntil } from './support/cli-process.ts';

useCliDir();
let dbPath: string;

beforeAll(async () => {
  dbPath = join(dir, 'life.db');
  const { db } = await recordChannelLife();
  db.$client.run('VACUUM INTO ?', [dbPath]);
  db.$client.close();
});

const inspect = (...args: string[]) =>
  spawnEry(['replay', ...args, '--db', dbPath], { cwd: dir, env: cliEnv() });

describe('GIVEN a channel’s log and no Ery running', () => {
  test('WHEN `--inspect --from --to --port` THEN it prints the address of those steps, serves them until SIGTERM and exits 0', async () => {
    const port = freePort();
    const child = inspect(CHANNEL, '--inspect', '--from', '2', '--to', '#5', '--port', String(port));
    const printed = await stdoutUntil(child, 'Serving until Ctrl-C.\n');
    const home = `/inspector/replay/${CHANNEL}?from=2&to=5`;
    expect(printed).toBe(
      `Replay of channel ${CHANNEL} (4 steps): http://127.0.0.1:${port}${home}\nServing until Ctrl-C.\n`,
    );
    const base = `http://127.0.0.1:${port}`;
    const view = (await (
      await fetch(`${base}/inspector/api/replay/${CHANNEL}?from=2&to=5`)
    ).json()) as ReplayView;
    expect(view.steps.map((step) => [step.seq, step.after])).toEqual([
      [2, 'batching'],
      [3, 'batching'],
      [4, 'batching'],
      [5, 'running'],
    ]);
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([303, home]);
    child.kill('SIGTERM');
    const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(await fetch(base).catch(() => 'closed')).toBe('closed');
  });

  test('WHEN the port is taken THEN it says so in one line and exits 1', async () => {
    const taken = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
    const port = taken.port as number;
    const result = await finished(inspect(CHANNEL, '--inspect', '--port', String(port)));
    taken.stop(true);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `ery: port ${port} is already in use; pass another --port (0 picks a free one)\n`,
    });
  });

  test('WHEN the channel has no log THEN it refuses as `ery replay` does, before serving anything', async () => {
    const result = await finished(inspect('123456789012345678', '--inspect'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toStartWith('ery: no channel 123456789012345678 in ');
  });
});

describe('`ery replay --inspect` refuses bad combinations with one line', () => {
  test('GIVEN --inspect with --json or --verify, --port without --inspect, or a bad port THEN exit 2', async () => {
    const hint = '; see `ery help replay`';
    const cases: Array<{ args: string[]; says: string }> = [
      {
        args: ['--inspect', '--json'],
        says: `--inspect serves the timeline to a browser and --json prints it: give one of them${hint}`,
      },
      {
        args: ['--verify', '--inspect'],
        says: `--inspect serves the timeline to a browser and --verify prints it: give one of them${hint}`,
      },
      {
        args: ['--port', '8080'],
        says: `--port is the port of --inspect; add --inspect or drop --port${hint}`,
      },
      {
        args: ['--inspect', '--port', 'http'],
        says: `--port takes a port number from 0 to 65535 (0 picks a free one), not "http"${hint}`,
      },
      {
        args: ['--inspect', '--port', '70000'],
        says: `--port takes a port number from 0 to 65535 (0 picks a free one), not "70000"${hint}`,
      },
      { args: ['--inspect=yes'], says: `--inspect takes no value (got "yes")${hint}` },
    ];
    for (const { args, says } of cases) {
      const result = await finished(inspect(CHANNEL, ...args));
      expect({ args, ...result }).toEqual({ args, code: 2, stdout: '', stderr: `ery: ${says}\n` });
    }
  });
});
