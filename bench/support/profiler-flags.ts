/**
 * `ERY_BENCH_CPU_PROF=<dir>` (`ery bench --cpu-prof <dir>`): Bun's flags that run a subject or a
 * part process under its sampling profiler, writing its profile there on exit (a .cpuprofile for
 * Chrome's DevTools, and markdown) named after the case, `kind` and the time. None without it.
 */
export function profilerFlags(kind: string): string[] {
  const dir = process.env.ERY_BENCH_CPU_PROF;
  if (!dir) return [];
  const at = new Date().toISOString().replaceAll(/[:.]/g, '-');
  const name = `${process.env.ERY_BENCH_CASE ?? 'bench'}-${kind}-${at}`;
  return ['--cpu-prof', '--cpu-prof-md', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`];
}
