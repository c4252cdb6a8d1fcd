/**
 * `ery replay` on a database damaged on disk or by hand (issue 9's attack on replay): every
 * damage is one line naming the row and what is wrong, or with --verify a divergence at its step,
 * exit 1, never a stack trace; what the log recorded is never obeyed by the terminal; a failed
 * write is an error, not a success.
 */
import { describe, expect, test } from 'bun:test';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNEL, recordChannelLife } from '../replay/recorded-channel.ts';
import { dir, useCliDir } from './cli.fixtures.ts';
import { cliEnv, ERY, finished, spawnEry } from './support/cli-process.ts';

useCliDir();

/** A recorded channel's database written to a file, with `damage` (SQL) done to it. */
async function recorded(name: string, damage = ''): Promise<string> {
  const { db } = await recordChannelLife();
  if (damage) db.$client.exec(damage);
  const path = join(dir, `${name}.db`);
  db.$client.exec(`VACUUM INTO '${path}'`);
  db.$client.close();
  return path;
}

const replay = (path: string, ...args: string[]) =>
  finished(spawnEry(['replay', CHANNEL, '--db', path, ...args], { cwd: dir, env: cliEnv() }));

/** No stack trace, and at most one line on stderr. */
function oneLineAtMost(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr.trim().split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
}

describe('ery replay on a damaged database', () => {
  test.each([
    ['an event that is not JSON', "UPDATE channel_events SET event = '{' WHERE seq = 6", '#6'],
    ['a null event', "UPDATE channel_events SET event = 'null' WHERE seq = 6", '#6'],
    ['a checkpoint digest that is not JSON', "UPDATE channel_checkpoints SET digest = 'deadbeef'", '#'],
    ['a stored snapshot that is garbage', "UPDATE channels SET snapshot = 'garbage'", '#'],
  ])(
    'GIVEN %s THEN replay and --verify name the row in one line or a divergence, exit 1, no stack trace',
    async (name, damage, names) => {
      const path = await recorded(name.replaceAll(' ', '-'), damage);
      const timeline = await replay(path);
      oneLineAtMost(timeline.stderr);
      if (timeline.code !== 0) {
        expect(timeline.code).toBe(1);
        expect(timeline.stderr).toStartWith(
          'ery: event #6 of channel 100 cannot be read: channel_events.event is',
        );
      }
      const verified = await replay(path, '--verify');
      expect(verified.code).toBe(1);
      oneLineAtMost(verified.stderr);
      expect(verified.stdout).toStartWith(`✗ channel ${CHANNEL} diverges at ${names}`);
    },
  );

  test('GIVEN pages of the file overwritten (SQLITE_CORRUPT) THEN replay and --verify end in one line or a finding, never a stack trace', async () => {
    const path = await recorded('pages');
    const bytes = readFileSync(path);
    // Every page but the first (the schema) half overwritten: what a failing disk leaves.
    for (let page = 1; page * 4096 < bytes.length; page += 1)
      bytes.fill(0xa5, page * 4096 + 100, page * 4096 + 2048);
    writeFileSync(path, bytes);
    for (const args of [[], ['--verify'], ['--json']]) {
      const result = await replay(path, ...args);
      expect(result.code).toBe(1);
      oneLineAtMost(result.stderr);
    }
  });

  test('GIVEN a message author’s name with terminal escapes THEN the timeline prints them escaped', async () => {
    const path = await recorded(
      'escapes',
      "UPDATE channel_events SET event = json_set(event, '$.message.author.name', char(27) || ']52;c;ZXZpbA==' || char(7) || char(27) || '[2J' || char(13)) WHERE seq = 2",
    );
    const result = await replay(path);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).not.toContain('\r');
    expect(result.stdout).toContain('\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\r');
  });

  test('GIVEN stdout that cannot be written (/dev/full) THEN replay exits 1 saying so in one line', async () => {
    const path = await recorded('full');
    const full = openSync('/dev/full', 'w');
    try {
      const child = Bun.spawn([ERY, 'replay', CHANNEL, '--db', path], {
        cwd: dir,
        env: cliEnv(),
        stdin: 'ignore',
        stdout: full,
        stderr: 'pipe',
      });
      const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
      expect(code).toBe(1);
      expect(stderr.trim()).toStartWith('ery: cannot write the output (ENOSPC');
      oneLineAtMost(stderr);
    } finally {
      closeSync(full);
    }
  });
});
