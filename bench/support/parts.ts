/**
 * Parts of a case that run in processes of their own, so one measurement's heap, garbage and JIT
 * state never colour another's: the case file is started again with `--part <name> <json args>`,
 * runs that part and prints its result as the last line of its output.
 */
import { profilerFlags } from './profiler-flags.ts';

/** The parts a case file serves, by name. */
export type Parts = Record<string, (args: never) => unknown>;

/** Error from a part process. */
export class PartError extends Error {
  readonly code = 'BENCH_PART_FAILED';
}

/**
 * Runs `part` of the case file `modulePath` in a new process and returns what it printed; under
 * `ery bench --cpu-prof` the process is profiled, its profile named after the part.
 * @throws {PartError} when it exits non-zero or prints no JSON.
 */
export async function inOwnProcess<T>(modulePath: string, part: string, args: unknown = {}): Promise<T> {
  const command = [
    process.execPath,
    ...profilerFlags(part),
    modulePath,
    '--part',
    part,
    JSON.stringify(args),
  ];
  const child = Bun.spawn(command, {
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const text = await new Response(child.stdout).text();
  const code = await child.exited;
  const last = text.trim().split('\n').at(-1);
  if (code !== 0 || !last) throw new PartError(`part "${part}" of ${modulePath} exited with code ${code}`);
  return JSON.parse(last) as T;
}

/**
 * In a process started by {@link inOwnProcess}: runs the part it names, prints its result and
 * exits (actors a part leaves with armed timers would keep it alive). Otherwise returns false.
 */
export async function servePart(parts: Parts): Promise<false> {
  const at = process.argv.indexOf('--part');
  if (at === -1) return false;
  const name = process.argv[at + 1] as string;
  const part = parts[name];
  if (!part) throw new PartError(`no part "${name}"; parts: ${Object.keys(parts).join(', ')}`);
  const result = await part(JSON.parse(process.argv[at + 2] ?? '{}') as never);
  await Bun.write(Bun.stdout, `\n${JSON.stringify(result)}\n`);
  process.exit(0);
}
