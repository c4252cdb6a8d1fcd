/**
 * package.json tells the truth about what runs Ery (issue 7 §1): Node only installs (npm) and runs
 * tools; Ery's own code runs only under the pinned Bun, whose version `engines.bun` states. That
 * bin/ery runs the pinned bun is proven on a live process in cli-playground.test.ts and
 * cli-launch.test.ts.
 */
import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCommand } from '../../src/commands/usage.ts';
import { REPO } from './support/cli-process.ts';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  engines: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** Tools npm scripts may start besides bun: they check or generate code, never run Ery. */
const TOOLS = new Set(['tsc', 'biome', 'drizzle-kit', 'npm']);

/**
 * Every command of a script line, split at `&&`, `||`, `;` and `|`, as its words; a leading `exec`
 * (the shell hands its process to the command, so a SIGTERM to `npm start` reaches Ery) is dropped.
 */
function commandsOf(script: string): string[][] {
  return script
    .split(/&&|\|\||;|\|/)
    .map((command) => command.trim().split(/\s+/))
    .map((words) => (words[0] === 'exec' ? words.slice(1) : words))
    .filter((words) => words.length > 0 && words[0] !== '');
}

describe('package.json', () => {
  test('GIVEN engines THEN bun is the pinned bun devDependency, the one running these tests, and node is the installer floor', () => {
    expect(manifest.engines.bun).toBe(manifest.devDependencies.bun as string);
    expect(Bun.version).toBe(manifest.engines.bun as string);
    expect(manifest.engines.node).toBe('>=20');
  });

  test('GIVEN every npm script THEN Ery’s code runs under bun, and only tools run under anything else', () => {
    for (const [name, script] of Object.entries(manifest.scripts)) {
      for (const [program, ...args] of commandsOf(script)) {
        const runsTypeScript = args.some((arg) => arg.endsWith('.ts')) || program === 'bun';
        if (runsTypeScript) expect({ name, program }).toEqual({ name, program: 'bun' });
        else expect({ name, tool: TOOLS.has(program as string) }).toEqual({ name, tool: true });
      }
    }
  });

  test('GIVEN an npm script that runs the CLI THEN it names a command the CLI has', () => {
    const cli = Object.entries(manifest.scripts).flatMap(([name, script]) =>
      commandsOf(script)
        .filter(([program, entry]) => program === 'bun' && entry === 'src/cli.ts')
        .map(([, , command]) => ({ name, command: command as string })),
    );
    expect(cli.length).toBeGreaterThan(0);
    for (const { name, command } of cli)
      expect({ name, known: isCommand(command) }).toEqual({ name, known: true });
  });
});
