import { type RunningEry, runEry } from '../app/run.ts';
import type { Env } from '../domain/config.ts';
import type { Logger } from '../logger.ts';
import { opsBanner } from './ops-banner.ts';
import { playgroundBanner } from './playground-banner.ts';

/** Signals this close to the first are the same request to stop (ms): see `shutdown` below. */
const SAME_SIGNAL_MS = 1_000;

/**
 * `ery start` (and `ery playground`): runs Ery until SIGINT/SIGTERM, then flushes persisted
 * state and exits. Without `DISCORD_TOKEN`, or with `playground: true`, it runs the local
 * playground and prints the chat page's address, its `DISCORD_API_URL` and tokens. The playground
 * keeps its world in a SQLite file beside `ERY_DB_PATH`; `fresh` starts it from its seed instead.
 */
export async function startCommand(
  env: Env,
  logger: Logger,
  options: { playground?: boolean; fresh?: boolean } = {},
) {
  // Handlers before start-up: a signal during it (a slow Discord login, systemd stopping the
  // service) must still end in a clean stop, once start-up has something to stop.
  let ery: RunningEry | undefined;
  let asked: string | undefined;
  let askedAt = 0;
  const starting = new AbortController();
  const stop = (running: RunningEry, signal: string) =>
    stopWithin(running, signal, { logger, timeoutMs: env.ERY_SHUTDOWN_TIMEOUT_MS, exit: process.exit });
  const shutdown = (signal: string) => {
    if (asked) {
      // One Ctrl-C under `npm start` arrives twice: from the terminal to the whole process group,
      // and forwarded by npm. Only a signal given later is a person who will not wait.
      if (performance.now() - askedAt < SAME_SIGNAL_MS) return;
      logger.warn({ event: 'ery.stop_forced', signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    asked = signal;
    askedAt = performance.now();
    if (ery) stop(ery, signal);
    else starting.abort();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    ery = await runEry({
      env,
      logger,
      signal: starting.signal,
      ...(options.playground ? { playground: true } : {}),
      // --fresh: the playground starts from its seed (see RunOptions.fresh).
      ...(options.fresh ? { fresh: true } : {}),
    });
  } catch (error) {
    if (!asked) throw error;
    // Start-up was given up on a signal; runEry stopped what it had started and released the lock.
    logger.info({ event: 'ery.stopping', signal: asked }, 'stopped during start-up');
    process.exit(0);
  }
  if (asked) {
    stop(ery, asked);
    return;
  }

  if (ery.playground) {
    logger.info({ event: 'playground.ready', url: ery.playground.url }, 'playground ready');
    process.stdout.write(playgroundBanner(ery.playground));
  } else {
    logger.info({ event: 'discord.serving', guilds: ery.discord.guildIds().length }, 'serving Discord');
  }
  if (ery.ops) process.stdout.write(opsBanner(ery.ops, env.ERY_HTTP_HOST, env.ERY_OPS_TOKEN !== undefined));
}

/** How {@link stopWithin} ends the process, and its bound. */
export interface StopOptions {
  logger: Logger;
  /** `ERY_SHUTDOWN_TIMEOUT_MS`: longest the stop may take before the process exits anyway. */
  timeoutMs: number;
  exit: (code: number) => void;
}

/**
 * Stops Ery after `signal` (issue 11 §7): Discord is left first so no message is taken, then the
 * supervisor drains, flushes every snapshot and persists running threads to resume at the next
 * start, then the servers and the database close. Exits 0 when that went well, 1 when it failed or
 * took longer than `timeoutMs`: a stop that hangs (a write on a stuck disk) never keeps a service
 * manager waiting past its own kill timeout with nothing said.
 */
export function stopWithin(ery: RunningEry, signal: string, options: StopOptions): Promise<void> {
  const { logger, timeoutMs, exit } = options;
  logger.info({ event: 'ery.stopping', signal, timeoutMs }, 'shutting down: flushing state');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  return Promise.race([ery.stop().then(() => 'stopped' as const), late]).then(
    (outcome) => {
      clearTimeout(timer);
      if (outcome === 'stopped') return exit(0);
      logger.error(
        { event: 'ery.stop_timeout', timeoutMs },
        `shutdown did not finish within ${timeoutMs} ms (ERY_SHUTDOWN_TIMEOUT_MS); exiting anyway`,
      );
      exit(1);
    },
    (error: unknown) => {
      clearTimeout(timer);
      logger.error({ event: 'ery.stop_failed', err: error }, 'shutdown failed');
      exit(1);
    },
  );
}
