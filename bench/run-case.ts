/**
 * Runs one benchmark case in this process and writes its result as JSON to `--out`:
 * `bun bench/run-case.ts <case> [--short] --out <file>`. `ery bench` starts one per case.
 */
import { CASES, isCaseName } from './cases/index.ts';

const [name] = process.argv.slice(2);
const out = process.argv[process.argv.indexOf('--out') + 1];
if (!name || !isCaseName(name) || !out || !process.argv.includes('--out')) {
  process.stderr.write(
    `usage: bun bench/run-case.ts <${Object.keys(CASES).join('|')}> [--short] --out <file>\n`,
  );
  process.exit(2);
}
// Names the CPU profiles of its subjects (`ery bench --cpu-prof`).
process.env.ERY_BENCH_CASE = name;
const bench = await CASES[name].load();
const result = await bench.run({ short: process.argv.includes('--short') }, (line) =>
  process.stderr.write(`  ${name}: ${line}\n`),
);
await Bun.write(out, JSON.stringify(result));
process.exit(0);
