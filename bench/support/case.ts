/**
 * What a benchmark case is and what it reports. Every figure is Ery's value beside a baseline
 * measured in the same run, their ratio, and the goal it is held to (issue 10), met or missed.
 */

/** How big a run is: `short` scales every count down (the table says by how much). */
export interface RunScale {
  short: boolean;
}

/** A goal on a row: its words, and whether the run met it. */
export interface Goal {
  text: string;
  met: boolean;
}

/** One line of the table. Values are in `unit`; `ratio` is Ery over the baseline. */
export interface Row {
  case: string;
  figure: string;
  /** What the baseline is (e.g. `bare discord.js client`). */
  baselineName: string;
  baseline: number | null;
  ery: number;
  unit: string;
  ratio: number | null;
  goal: Goal | null;
}

/** What one case reports: its scale in words, its rows, and every raw figure it measured. */
export interface CaseResult {
  scale: string;
  rows: Row[];
  details: Record<string, unknown>;
}

/** A benchmark case; `run` executes in a process of its own (bench/run-case.ts). */
export interface BenchCase {
  name: string;
  run(scale: RunScale, log: (line: string) => void): Promise<CaseResult>;
}

/** The two subjects the Discord-facing cases compare. */
export type SubjectKind = 'bare' | 'ery';

/**
 * Measures both subjects `rounds` times, each round starting with the other one so a machine
 * getting busier favours neither; `measured` hears of each run. Returns each subject's runs.
 */
export async function alternating<T>(
  rounds: number,
  measure: (kind: SubjectKind) => Promise<T>,
  measured: (kind: SubjectKind, run: T, round: number) => void,
): Promise<Record<SubjectKind, T[]>> {
  const runs: Record<SubjectKind, T[]> = { bare: [], ery: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const kind of round % 2 === 0 ? (['bare', 'ery'] as const) : (['ery', 'bare'] as const)) {
      const run = await measure(kind);
      runs[kind].push(run);
      measured(kind, run, round);
    }
  }
  return runs;
}

/** Ery's value over the baseline's, or null when there is no baseline to divide by. */
export function ratioOf(ery: number, baseline: number | null): number | null {
  return baseline === null || baseline === 0 || !Number.isFinite(baseline) ? null : ery / baseline;
}

/** A row whose ratio is computed from its values. */
export function row(fields: Omit<Row, 'ratio'> & { ratio?: number | null }): Row {
  return {
    ...fields,
    ratio: fields.ratio === undefined ? ratioOf(fields.ery, fields.baseline) : fields.ratio,
  };
}

/** `value` against an at-least goal: `≥ 0.8×`. */
export const atLeast = (value: number | null, goal: number, unit = '×'): Goal => ({
  text: `≥ ${goal}${unit}`,
  met: value !== null && value >= goal,
});

/** `value` against an at-most goal: `≤ 2×`. */
export const atMost = (value: number | null, goal: number, unit = '×'): Goal => ({
  text: `≤ ${goal}${unit}`,
  met: value !== null && value <= goal,
});

/** A count that must be zero: 429s, lost or duplicated messages. */
export const none = (value: number): Goal => ({ text: 'none', met: value === 0 });

/** The value at quantile `q` (0–1) of `values` (nearest rank); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of `values`. */
export const median = (values: readonly number[]): number => quantile(values, 0.5);
