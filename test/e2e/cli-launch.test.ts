/**
 * Every documented way of running the CLI (issue 7 §1): `./bin/ery`, the symlink npm makes in
 * node_modules/.bin, chains of symlinks, `npm exec ery` and `npx ery`, and Ery installed as a
 * package with bun hoisted beside it. None of them may use a bun found on PATH.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliEnv, ERY, finished, freePort, REPO, spawnEry } from './support/cli-process.ts';

setDefaultTimeout(60_000);
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ery-launch-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A PATH with no usable bun: the only `bun` on it is a decoy that fails loudly, so a launcher that
 * falls back to a global bun fails the test instead of passing by luck.
 */
const decoyDir = join(dir, 'decoy-bin');
mkdirSync(decoyDir);
await Bun.write(join(decoyDir, 'bun'), '#!/bin/sh\necho "global bun used" >&2\nexit 97\n');
chmodSync(join(decoyDir, 'bun'), 0o755);
const toolDirs = ['node', 'npm'].map((tool) => {
  const found = Bun.which(tool);
  if (!found) throw new Error(`${tool} is not on PATH`);
  return dirname(found);
});
const bareEnv = {
  PATH: [decoyDir, ...toolDirs, '/usr/bin', '/bin'].join(':'),
  HOME: process.env.HOME ?? dir,
  LOG_LEVEL: 'warn',
};
const elsewhere = join(dir, 'elsewhere');
mkdirSync(elsewhere);

/** Polls `ready` every 100 ms until it is true; fails the test after 20 s. */
async function waitFor(ready: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    if (await ready()) return;
    await Bun.sleep(100);
  }
  throw new Error('the condition was not met within 20 s');
}

async function expectHelp(command: string[], cwd = elsewhere) {
  const result = await finished(spawnEry(['help'], { cwd, env: bareEnv, command }));
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('Usage: ery <command>');
  expect(result.code).toBe(0);
}

describe('running the ery CLI', () => {
  test('GIVEN ./bin/ery in the clone THEN ery help prints the usage', async () => {
    await expectHelp(['./bin/ery'], REPO);
  });

  test('GIVEN the bin linked the way npm links it (node_modules/.bin/ery -> bin/ery) and cwd elsewhere THEN it runs with the pinned bun', async () => {
    const bin = join(dir, 'linked', 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(ERY, join(bin, 'ery'));
    await expectHelp([join(bin, 'ery')]);
  });

  test('GIVEN a symlinked package folder and a relative bin link, as npx makes them THEN it runs', async () => {
    const modules = join(dir, 'npx-cache', 'node_modules');
    mkdirSync(join(modules, '.bin'), { recursive: true });
    symlinkSync(REPO, join(modules, 'ery'));
    symlinkSync('../ery/bin/ery', join(modules, '.bin', 'ery'));
    await expectHelp([join(modules, '.bin', 'ery')]);
  });

  test('GIVEN a chain of absolute and relative symlinks THEN it follows every link to the real script', async () => {
    const chain = join(dir, 'chain');
    mkdirSync(join(chain, 'a', 'b'), { recursive: true });
    symlinkSync(ERY, join(chain, 'a', 'b', 'first'));
    symlinkSync('b/first', join(chain, 'a', 'second'));
    symlinkSync(join(chain, 'a', 'second'), join(chain, 'third'));
    await expectHelp([join(chain, 'third')]);
  });

  test('GIVEN Ery installed as a package with bun hoisted to the project node_modules THEN it uses that bun', async () => {
    const project = join(dir, 'host-project');
    const pkg = join(project, 'node_modules', 'ery');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    copyFileSync(ERY, join(pkg, 'bin', 'ery'));
    chmodSync(join(pkg, 'bin', 'ery'), 0o755);
    symlinkSync(join(REPO, 'src'), join(pkg, 'src'));
    symlinkSync(
      realpathSync(join(REPO, 'node_modules', '.bin', 'bun')),
      join(project, 'node_modules', '.bin', 'bun'),
    );
    symlinkSync('../ery/bin/ery', join(project, 'node_modules', '.bin', 'ery'));
    await expectHelp([join(project, 'node_modules', '.bin', 'ery')]);
  });

  test('GIVEN no pinned bun anywhere THEN it stops with one line saying to run npm ci, never using a bun on PATH', async () => {
    const lonely = join(dir, 'lonely', 'bin');
    mkdirSync(lonely, { recursive: true });
    copyFileSync(ERY, join(lonely, 'ery'));
    chmodSync(join(lonely, 'ery'), 0o755);
    const result = await finished(
      spawnEry(['help'], { cwd: elsewhere, env: bareEnv, command: [join(lonely, 'ery')] }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('npm ci');
    expect(result.stderr).not.toContain('global bun used');
  });

  test('GIVEN npm exec ery -- help in the clone THEN npm runs the local bin and it prints the usage', async () => {
    await expectHelp(['npm', 'exec', '--offline', '--yes', 'ery', '--'], REPO);
  });

  test('GIVEN npx ery help in the clone THEN it prints the usage', async () => {
    await expectHelp(['npx', '--offline', '--yes', 'ery'], REPO);
  });

  test('GIVEN npm start WHEN npm is sent SIGTERM THEN Ery itself stops (the script execs bun, nothing is left running)', async () => {
    const ops = freePort();
    const child = Bun.spawn(['npm', 'start'], {
      cwd: REPO,
      env: cliEnv({
        ERY_DB_PATH: join(dir, 'npm-start.db'),
        ERY_HTTP_PORT: String(ops),
        ERY_PLAYGROUND_PORT: String(freePort()),
      }),
      stdout: 'ignore',
      stderr: 'ignore',
    });
    const health = () =>
      fetch(`http://127.0.0.1:${ops}/healthz`).then(
        (response) => response.status,
        () => null,
      );
    await waitFor(async () => (await health()) === 200);
    child.kill('SIGTERM');
    await child.exited;
    // npm is gone; Ery must be too, or its ops port would still answer.
    await waitFor(async () => (await health()) === null);
  });
});
