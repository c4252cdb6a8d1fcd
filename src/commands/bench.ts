import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('../../bench', import.meta.url));

/**
 * `ery bench [name…]`: runs each benchmark in bench/ in its own process (so one case's heap and JIT
 * state never colour another's) and streams what it prints: figures and ratios against a baseline
 * measured in the same run. Returns the exit code.
 */
export async function benchCommand(names: string[]): Promise<number> {
  const all = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.ts'))
    .sort();
  const chosen = names.length === 0 ? all : all.filter((file) => names.some((name) => file.startsWith(name)));
  if (chosen.length === 0) {
    process.stderr.write(
      `ery bench: no benchmark matches ${names.join(', ')}; available: ${all.join(', ')}\n`,
    );
    return 2;
  }
  for (const file of chosen) {
    process.stdout.write(`\n▶ ${file}\n`);
    const child = Bun.spawn([process.execPath, `${BENCH_DIR}/${file}`], {
      stdout: 'inherit',
      stderr: 'inherit',
    });
    const code = await child.exited;
    if (code !== 0) return code;
  }
  return 0;
}
