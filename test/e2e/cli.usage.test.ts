import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { dir, useCliDir } from './cli.fixtures.ts';
import { cliEnv as baseEnv, ERY, finished, REPO, spawnEry } from './support/cli-process.ts';

useCliDir();

describe('ery CLI', () => {
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
    expect(listed).toEqual(['start', 'playground', 'replay', 'migrate', 'bench', 'help']);
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
    const replay = await finished(spawnEry(['help', 'replay'], { cwd: dir, env }));
    expect(replay.code).toBe(0);
    expect(replay.stdout).toStartWith('Usage: ery replay <channelId> [options]');
    for (const option of [
      '--from <seq|time>',
      '--to <seq|time>',
      '--thread <id>',
      '--verify',
      '--json',
      '--inspect',
      '--port <n>',
      '--db <path>',
    ]) {
      expect(replay.stdout).toContain(option);
    }
    expect((await finished(spawnEry(['replay', '--help'], { cwd: dir, env }))).stdout).toBe(replay.stdout);
  });

  test('GIVEN ery help with an unknown command THEN it prints the usage and exits 2', async () => {
    const { code, stderr } = await finished(spawnEry(['help', 'rewind'], { cwd: dir, env: baseEnv() }));
    expect(code).toBe(2);
    expect(stderr).toStartWith('ery: unknown command "rewind"');
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

  test('GIVEN ery bench --only with an unknown case THEN it names it, lists the cases and exits 2, running nothing', async () => {
    const out = join(dir, 'never-written.json');
    const { code, stderr } = await finished(
      spawnEry(['bench', '--short', '--only', 'ingest,no-such-case', '--out', out], {
        cwd: dir,
        env: baseEnv(),
      }),
    );
    expect(code).toBe(2);
    expect(stderr).toStartWith('ery bench: no case named "no-such-case"; cases: ingest, latency,');
    expect(await Bun.file(out).exists()).toBe(false);
  });

  test('GIVEN ery bench with an argument or an --out in a missing folder THEN it says what is wrong and exits 2', async () => {
    const extra = await finished(spawnEry(['bench', 'ingest'], { cwd: dir, env: baseEnv() }));
    expect(extra).toMatchObject({
      code: 2,
      stderr: 'ery: unexpected argument "ingest" for "bench"; see `ery help bench`\n',
    });
    const missing = join(dir, 'no-such-folder', 'results.json');
    const out = await finished(spawnEry(['bench', '--out', missing], { cwd: dir, env: baseEnv() }));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`--out: the folder ${join(dir, 'no-such-folder')} does not exist`);
  });
});
