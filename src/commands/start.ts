import { type RunningEry, runEry } from '../app/run.ts';
import type { Env } from '../domain/config.ts';
import type { Logger } from '../logger.ts';
import { opsBanner } from './ops-banner.ts';
import { playgroundBanner } from './playground-banner.ts';

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
  const starting = new AbortController();
  const shutdown = (signal: string) => {
    if (asked) return;
    asked = signal;
    if (ery) stopAndExit(ery, signal, logger);
    else starting.abort();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
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
    stopAndExit(ery, asked, logger);
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

/** Flushes and stops Ery after `signal`, then exits: 0 when the stop went well, else 1. */
function stopAndExit(ery: RunningEry, signal: string, logger: Logger): void {
  logger.info({ event: 'ery.stopping', signal }, 'shutting down: flushing state');
  ery.stop().then(
    () => process.exit(0),
    (error) => {
      logger.error({ event: 'ery.stop_failed', err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}
