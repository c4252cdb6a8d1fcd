import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, isCaseName } from '../../bench/cases/index.ts';
import { type BenchReport, buildReport, type CaseReport, machineNow } from '../../bench/support/report.ts';
import { renderTable } from '../../bench/support/table.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const RUN_CASE = join(REPO, 'bench', 'run-case.ts');

/** Where the JSON goes unless `--out` says otherwise (relative to the working directory). */
export const DEFAULT_BENCH_OUT = 'bench-results.json';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** Runs one case in a process of its own; its log lines pass through to stderr. */
async function runCase(
  name: string,
  short: boolean,
  env: Record<string, string | undefined>,
): Promise<CaseReport> {
  const dir = mkdtempSync(join(tmpdir(), 'ery-bench-case-'));
  const out = join(dir, 'result.json');
  const started = performance.now();
  try {
    const child = Bun.spawn([process.execPath, RUN_CASE, name, ...(short ? ['--short'] : []), '--out', out], {
      stdout: 'inherit',
      stderr: 'inherit',
      env,
    });
    const code = await child.exited;
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0 || !existsSync(out)) return { seconds, error: `the case exited with code ${code}` };
    return { ...(await Bun.file(out).json()), seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `ery bench [--short] [--only <case,…>] [--out <file>] [--cpu-prof <dir>]`: runs each case in a
 * process of its own (bench/cases), prints every figure beside its baseline from the same run with
 * the goal it is held to, and writes the whole report as JSON. Returns the exit code: 0 when every
 * case ran (goals met or not), 1 when one failed, 2 for an unknown case or an `--out` folder that
 * does not exist.
 */
export async function benchCommand(options: Record<string, string | true>): Promise<number> {
  const names =
    typeof options.only === 'string'
      ? options.only
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : Object.keys(CASES);
  const unknown = names.filter((name) => !isCaseName(name));
  if (unknown.length > 0 || names.length === 0) {
    say(
      `ery bench: no case named ${unknown.map((n) => JSON.stringify(n)).join(', ') || '(none given)'}; cases: ${Object.keys(CASES).join(', ')}`,
    );
    return 2;
  }
  const out = resolve(typeof options.out === 'string' ? options.out : DEFAULT_BENCH_OUT);
  if (!existsSync(dirname(out))) {
    say(`ery bench: --out: the folder ${dirname(out)} does not exist; create it or write elsewhere`);
    return 2;
  }
  const short = options.short === true;
  const env = {
    ...process.env,
    ...(typeof options['cpu-prof'] === 'string' ? { ERY_BENCH_CPU_PROF: resolve(options['cpu-prof']) } : {}),
  };
  const started = new Date();
  const machine = machineNow(REPO);
  say(
    `ery bench (${short ? 'short: counts scaled down' : 'full'}): ${names.join(', ')}\n` +
      `Bun ${machine.bun}, ${machine.cpus} × ${machine.cpuModel}, load ${machine.load.start.toFixed(2)}, commit ${machine.commit ?? 'unknown'}`,
  );
  const cases: Record<string, CaseReport> = {};
  for (const [index, name] of names.entries()) {
    say(`\n▶ ${name} (${index + 1}/${names.length}): ${CASES[name as keyof typeof CASES].about}`);
    cases[name] = await runCase(name, short, env);
    const report = cases[name];
    say(
      'error' in report
        ? `✗ ${name}: ${report.error}`
        : `✓ ${name} in ${report.seconds.toFixed(1)} s (${report.scale})`,
    );
  }
  const report: BenchReport = buildReport({ short, started, machine, cases });
  await Bun.write(out, `${JSON.stringify(report, null, 2)}\n`);
  const caption = short
    ? 'Short run: every count scaled down (each figure says to what); `ery bench` gives the full figures.\n\n'
    : '';
  process.stdout.write(`\n${caption}${renderTable(report.rows)}\n\n`);
  const missed = report.goals.filter((goal) => !goal.met).length;
  say(
    `${report.goals.length - missed} of ${report.goals.length} goals met${short ? ' (short run: counts scaled down)' : ''}; ` +
      `load ${machine.load.start.toFixed(2)} → ${report.machine.load.end?.toFixed(2)}; ${report.seconds.toFixed(0)} s. Written to ${out}`,
  );
  return Object.values(cases).some((result) => 'error' in result) ? 1 : 0;
}
