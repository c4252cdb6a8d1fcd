/**
 * The `ery` CLI as a user runs it: spawn `bin/ery` (or a link to it) as a real process with only
 * the environment given, and read what it prints.
 */
import type { Subprocess } from 'bun';

/** The repository's `bin/ery`. */
export const ERY = new URL('../../../bin/ery', import.meta.url).pathname;
/** The repository's root. */
export const REPO = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');

/** A free loopback port (asked of the OS, then released for the child to take). */
export function freePort(): number {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const port = server.port as number;
  server.stop(true);
  return port;
}

/** A minimal environment: PATH and HOME from this process, quiet logs, then `extra`. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/**
 * A stand-in for Discord that answers every request 401 and counts them: an Ery that called
 * Discord before it should have shows it in `requests`. Its port is a taken port too.
 */
export function countingDiscord() {
  const counter = { requests: 0 };
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: () => {
      counter.requests += 1;
      return new Response('{}', { status: 401 });
    },
  });
  return {
    port: String(server.port),
    apiUrl: `http://127.0.0.1:${server.port}/api`,
    get requests() {
      return counter.requests;
    },
    stop: () => server.stop(true),
  };
}

export type EryProcess = Subprocess<'ignore', 'pipe', 'pipe'>;

/** Spawns `command` (by default `bin/ery` with `args`) in `cwd` with exactly `env`. */
export function spawnEry(
  args: string[],
  options: { cwd: string; env: Record<string, string>; command?: string[] },
): EryProcess {
  return Bun.spawn([...(options.command ?? [ERY]), ...args], {
    cwd: options.cwd,
    env: options.env,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
}

/** Runs to the end and returns the exit code and both outputs. */
export async function finished(child: EryProcess): Promise<{ code: number; stdout: string; stderr: string }> {
  const [code, stdout, stderr] = await Promise.all([
    child.exited,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  return { code, stdout, stderr };
}

/**
 * Reads the child's stdout until it contains `marker` and returns everything read so far. Throws
 * with the child's output when it ends first.
 */
export async function stdoutUntil(child: EryProcess, marker: string): Promise<string> {
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let out = '';
  try {
    while (!out.includes(marker)) {
      const { value, done } = await reader.read();
      if (done) {
        const stderr = await new Response(child.stderr).text();
        throw new Error(`ery ended before printing "${marker}": ${out}${stderr}`);
      }
      out += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
  return out;
}

/**
 * The command that runs `bin/ery` as a user whom file modes bind. Root may write anything, so as
 * root the child drops to `nobody` with util-linux's `setpriv`; anyone else runs it as is.
 */
export function eryAsUnprivileged(): string[] {
  if (process.getuid?.() !== 0) return [ERY];
  return ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ERY];
}
