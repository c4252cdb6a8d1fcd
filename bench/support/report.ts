/**
 * The JSON `ery bench` writes: when and where it ran (the machine is shared, so its load is noted
 * at the start and the end), each case's scale, rows and raw figures, and every goal met or missed.
 */
import { cpus, loadavg } from 'node:os';
import type { CaseResult, Row } from './case.ts';

/** Bumped when the shape of the report changes. */
export const REPORT_VERSION = 1;

/** Where a run happened. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  bun: string;
  platform: string;
  /** The commit measured (with `+dirty` when the worktree had changes), or null outside git. */
  commit: string | null;
  /** 1-minute load average at the start and at the end of the run. */
  load: { start: number; end: number | null };
}

/** A case as reported: its result, how long it took, or why it failed. */
export type CaseReport = (CaseResult & { seconds: number }) | { seconds: number; error: string };

export interface BenchReport {
  version: number;
  mode: 'short' | 'full';
  startedAt: string;
  seconds: number;
  machine: Machine;
  cases: Record<string, CaseReport>;
  /** Every row of every case, in order. */
  rows: Row[];
  /** The rows that carry a goal. */
  goals: Array<{
    case: string;
    figure: string;
    goal: string;
    met: boolean;
    ery: number;
    ratio: number | null;
  }>;
}

function commit(cwd: string): string | null {
  const head = Bun.spawnSync(['git', 'rev-parse', '--short', 'HEAD'], { cwd, stderr: 'ignore' });
  if (!head.success) return null;
  const dirty = Bun.spawnSync(['git', 'status', '--porcelain'], { cwd, stderr: 'ignore' });
  return `${head.stdout.toString().trim()}${dirty.stdout.toString().trim() ? '+dirty' : ''}`;
}

/** The machine now, for the start of a run in `repo`. */
export function machineNow(repo: string): Machine {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    bun: Bun.version,
    platform: `${process.platform}-${process.arch}`,
    commit: commit(repo),
    load: { start: loadavg()[0] ?? 0, end: null },
  };
}

/** The report of a finished run. */
export function buildReport(run: {
  short: boolean;
  started: Date;
  machine: Machine;
  cases: Record<string, CaseReport>;
}): BenchReport {
  const rows = Object.values(run.cases).flatMap((report) => ('rows' in report ? report.rows : []));
  return {
    version: REPORT_VERSION,
    mode: run.short ? 'short' : 'full',
    startedAt: run.started.toISOString(),
    seconds: (Date.now() - run.started.getTime()) / 1000,
    machine: { ...run.machine, load: { ...run.machine.load, end: loadavg()[0] ?? 0 } },
    cases: run.cases,
    rows,
    goals: rows.flatMap((row) =>
      row.goal
        ? [
            {
              case: row.case,
              figure: row.figure,
              goal: row.goal.text,
              met: row.goal.met,
              ery: row.ery,
              ratio: row.ratio,
            },
          ]
        : [],
    ),
  };
}
