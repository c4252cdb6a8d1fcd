/**
 * `ery bench` as a user runs it, on its cheapest case: it must run from the CLI and write a report
 * with every key the README and later runs read. Nothing here looks at how fast anything was.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import { dir, useCliDir } from '../e2e/cli.fixtures.ts';
import { cliEnv, finished, spawnEry } from '../e2e/support/cli-process.ts';

setDefaultTimeout(120_000);
useCliDir();

describe('ery bench', () => {
  test('GIVEN --short --only snapshot-writes THEN it prints the table, says the counts are scaled down, and writes a report with the run, the case, its rows and its goal', async () => {
    const out = join(dir, 'bench.json');
    const { code, stdout } = await finished(
      spawnEry(['bench', '--short', '--only', 'snapshot-writes', '--out', out], { cwd: dir, env: cliEnv() }),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Short run: every count scaled down');
    expect(stdout).toContain('| case ');
    expect(stdout).toContain('| snapshot-writes ');
    const report = await Bun.file(out).json();
    expect(Object.keys(report).sort()).toEqual(
      ['cases', 'goals', 'machine', 'mode', 'rows', 'seconds', 'startedAt', 'version'].sort(),
    );
    expect(report).toMatchObject({ version: 1, mode: 'short' });
    expect(Object.keys(report.machine).sort()).toEqual([
      'bun',
      'commit',
      'cpuModel',
      'cpus',
      'load',
      'platform',
    ]);
    expect(Object.keys(report.cases)).toEqual(['snapshot-writes']);
    const result = report.cases['snapshot-writes'];
    expect(Object.keys(result).sort()).toEqual(['details', 'rows', 'scale', 'seconds']);
    expect(result.rows).toHaveLength(1);
    const [row] = result.rows;
    expect(Object.keys(row).sort()).toEqual(
      ['baseline', 'baselineName', 'case', 'ery', 'figure', 'goal', 'ratio', 'unit'].sort(),
    );
    expect(row).toMatchObject({
      case: 'snapshot-writes',
      baselineName: 'raw bun:sqlite batched upsert',
      unit: 'rows/s',
    });
    for (const value of [row.baseline, row.ery, row.ratio]) expect(value).toBeGreaterThan(0);
    expect(row.ratio).toBeCloseTo(row.ery / row.baseline, 9);
    expect(row.goal.text).toBe('≥ 0.5×');
    expect(row.goal.met).toBe(row.ratio >= 0.5);
    expect(report.goals).toEqual([
      {
        case: 'snapshot-writes',
        figure: row.figure,
        goal: '≥ 0.5×',
        met: row.goal.met,
        ery: row.ery,
        ratio: row.ratio,
      },
    ]);
  });

  test('GIVEN ery help bench THEN it names every case --only takes', async () => {
    const { CASES } = await import('../../bench/cases/index.ts');
    const { stdout } = await finished(spawnEry(['help', 'bench'], { cwd: dir, env: cliEnv() }));
    for (const name of Object.keys(CASES)) expect(stdout).toContain(name);
  });
});
