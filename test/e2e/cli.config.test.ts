import { describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvSchema } from '../../src/domain/config.ts';
import { dir, useCliDir } from './cli.fixtures.ts';
import {
  cliEnv as baseEnv,
  countingDiscord,
  ERY,
  finished,
  freePort,
  spawnEry,
} from './support/cli-process.ts';

useCliDir();

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
});
