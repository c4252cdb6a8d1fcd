import type { DiscordConnection } from '../discord/index.ts';
import type { Env } from '../domain/config.ts';
import type { Logger } from '../logger.ts';
import type { EryCore } from './core.ts';
import { listenOn } from './listen.ts';
import type { OpsMetrics } from './ops-metrics.ts';
import { type MountedHandler, type OpsServer, startOpsServer } from './ops-server.ts';

/**
 * Binds the ops server on `ERY_HTTP_HOST:ERY_HTTP_PORT` over the core: health (gateway and storage),
 * metrics, actors, history, the admin routes, the inspection stream when `ERY_INSPECT` allows it, and
 * `inspector` mounted at `/inspector`. Bound before Discord is called, so a busy port stops start-up
 * without logging in; `/healthz` answers 503 until the login has connected and resumed the busy
 * channels. Throws `listenOn`'s one-line error naming the variables when it cannot bind.
 */
export function bindOps(
  env: Env,
  logger: Logger,
  parts: {
    core: EryCore;
    discord: DiscordConnection;
    metrics: OpsMetrics;
    inspector: MountedHandler;
  },
): Promise<OpsServer> {
  const { core, discord, metrics, inspector } = parts;
  return listenOn(
    {
      port: { variable: 'ERY_HTTP_PORT', value: env.ERY_HTTP_PORT },
      host: { variable: 'ERY_HTTP_HOST', value: env.ERY_HTTP_HOST },
    },
    () =>
      startOpsServer({
        port: env.ERY_HTTP_PORT,
        hostname: env.ERY_HTTP_HOST,
        ...(env.ERY_OPS_TOKEN ? { token: env.ERY_OPS_TOKEN } : {}),
        supervisor: core.supervisor,
        metrics,
        health: { gateway: () => discord.gatewayStatus(), database: () => core.writeFault() },
        history: core.history,
        logger,
        admin: { config: core.config, policies: core.policies, budgets: core.budgets },
        ...(env.ERY_INSPECT.stream ? { inspection: core.inspection } : {}),
        mounts: { '/inspector': inspector },
      }),
  );
}
