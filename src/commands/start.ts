import { runEry } from '../app/run.ts';
import type { Env } from '../domain/config.ts';
import type { Logger } from '../logger.ts';
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
  const ery = await runEry({
    env,
    logger,
    ...(options.playground ? { playground: true } : {}),
    // --fresh: the playground starts from its seed (see RunOptions.fresh).
    ...(options.fresh ? { fresh: true } : {}),
  });
  // Handlers first: whoever reads the lines below may signal at once, and must get a clean stop.
  const shutdown = (signal: string) => {
    logger.info({ event: 'ery.stopping', signal }, 'shutting down: flushing state');
    ery.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ event: 'ery.stop_failed', err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  if (ery.playground) {
    logger.info({ event: 'playground.ready', url: ery.playground.url }, 'playground ready');
    process.stdout.write(playgroundBanner(ery.playground));
  } else {
    logger.info({ event: 'discord.serving', guilds: ery.discord.guildIds().length }, 'serving Discord');
  }
  if (ery.ops)
    process.stdout.write(
      `  Ops: ${ery.ops.url}/health · ${ery.ops.url}/metrics · ${ery.ops.url}/api/channels\n\n`,
    );
}
