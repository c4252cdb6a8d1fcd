import { redactUrl } from '../domain/redact-url.ts';
import { type Logger, silentLogger } from '../logger.ts';
import type { InspectionHub } from './inspection-hub.ts';
import type { ActorHistory } from './ops-actor-detail.ts';
import { type AdminDeps, handleAdmin } from './ops-admin.ts';
import { createOpsGuard } from './ops-auth.ts';
import type { HealthProbes } from './ops-health.ts';
import { OpsMetrics } from './ops-metrics.ts';
import { bareHost, createOriginGuard } from './ops-origin.ts';
import { opsRoutes } from './ops-routes.ts';
import { isEveryInterface, reachableUrl } from './ops-url.ts';
import type { OpsView } from './ops-view.ts';

/** The ops HTTP server: health, Prometheus metrics and the live channel actors. */
export interface OpsServer {
  /** Where to open it: the bound address, or this machine's name when bound to every interface. */
  readonly url: string;
  /** True when bound to every interface (`0.0.0.0`, `::`). */
  readonly everyInterface: boolean;
  stop(): Promise<void>;
}

/** Answers one ops request in process: the whole ops server without a socket (see `createOpsHandler`). */
export type OpsHandler = (request: Request) => Promise<Response>;

/** A handler mounted under a path prefix; it gets the request unchanged (its path still starts with the prefix). */
export type MountedHandler = (request: Request) => Response | Promise<Response>;

/** What the ops routes read and change. */
export interface OpsOptions {
  supervisor: OpsView;
  /** The metrics `/metrics` exposes (run.ts feeds them); a fresh set reading only the supervisor when absent. */
  metrics?: OpsMetrics;
  /** What `/healthz` checks besides the supervisor: the gateway and the database (see ./ops-health.ts). */
  health?: HealthProbes;
  /** The persisted history `/api/actors/:channelId` shows; without it, only live actors, no events or threads. */
  history?: ActorHistory;
  /** When given, `GET /api/inspect` streams every channel actor's inspection events (SSE). */
  inspection?: InspectionHub;
  /** When given, the admin routes of ./ops-admin.ts (config overrides, server policies) are served. */
  admin?: Omit<AdminDeps, 'supervisor'>;
  /** `ERY_OPS_TOKEN`: when set, every route asks for it (see ./ops-auth.ts). */
  token?: string;
  /**
   * The address the server is bound to (`ERY_HTTP_HOST`, default 127.0.0.1): with no token, only
   * requests addressed to it or to a loopback name are served (see ./ops-origin.ts).
   */
  hostname?: string;
  /**
   * Sub-handlers by path prefix, e.g. `{ '/inspector': inspector.fetch }`: a request for the prefix
   * or anything under it goes to that handler, after authentication, before every other route.
   */
  mounts?: Record<string, MountedHandler>;
  /** Logs a route that threw (answered 500). */
  logger?: Logger;
}

/**
 * The ops routes as one `(Request) => Promise<Response>` handler, the way Hono's `app.request()`
 * answers in process: `startOpsServer` binds it to a port, tests call it directly. In order:
 * the Host and Origin checks (./ops-origin.ts), authentication (./ops-auth.ts), the `mounts`, the admin routes (./ops-admin.ts), then the
 * read-only routes (./ops-routes.ts): `GET /healthz` (alias `/health`), `/metrics`, `/api/actors`
 * (alias `/api/channels`), `/api/actors/:channelId`, `/api/inspect`. Other paths answer 404 JSON.
 *
 * @throws {TypeError} when a mount prefix does not start with `/` or ends with `/`.
 */
export function createOpsHandler(options: OpsOptions): OpsHandler {
  const { supervisor } = options;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new OpsMetrics();
  metrics.watch(supervisor);
  const origin = createOriginGuard({
    token: options.token,
    ...(options.hostname === undefined ? {} : { hostname: options.hostname }),
  });
  const guard = createOpsGuard(options.token);
  const mounts = Object.entries(options.mounts ?? {});
  for (const [prefix] of mounts)
    if (!/^\/.*[^/]$/.test(prefix))
      throw new TypeError(
        `createOpsHandler: mount prefix "${prefix}" must start with "/" and not end with "/"`,
      );
  const routes = opsRoutes({
    supervisor,
    metrics,
    probes: options.health ?? {},
    ...(options.history ? { history: options.history } : {}),
    ...(options.inspection ? { inspection: options.inspection } : {}),
    startedAt: Date.now(),
    logger,
  });
  const answer = async (request: Request): Promise<Response> => {
    const refused = origin(request) ?? guard(request);
    if (refused) return refused;
    const { pathname } = new URL(request.url);
    const mount = mounts.find(([prefix]) => pathname === prefix || pathname.startsWith(`${prefix}/`));
    if (mount) return mount[1](request);
    const admin = options.admin && (await handleAdmin(request, { ...options.admin, supervisor }));
    return (
      admin || (await routes(request)) || Response.json({ error: `no route ${pathname}` }, { status: 404 })
    );
  };
  return async (request) => {
    try {
      return await answer(request);
    } catch (error) {
      logger.error(
        { event: 'ops.route_failed', err: error, url: redactUrl(request.url) },
        'ops route failed',
      );
      return Response.json(
        { error: "the ops server failed to answer; see Ery's log (ops.route_failed)" },
        { status: 500 },
      );
    }
  };
}

/**
 * Binds the ops handler of `createOpsHandler` to `hostname:port` (`ERY_HTTP_HOST`, loopback unless
 * told otherwise; config refuses another address without `ERY_OPS_TOKEN`). Its `url` is one a
 * browser can open: on every interface, this machine's name (see `reachableUrl`).
 */
export function startOpsServer(options: OpsOptions & { port: number; logger: Logger }): OpsServer {
  // One spelling from here on: `[::1]` binds as `::1`, and the URL brackets it once.
  const hostname = bareHost(options.hostname ?? '127.0.0.1');
  const server = Bun.serve({
    port: options.port,
    hostname,
    // Unbounded here: every route that reads a body streams it and stops at 64 KiB with a JSON 413
    // (./ops-body.ts); Bun's own cut-off would answer a bare 413 without a body. Measured: a 500 MB
    // upload is refused after 64 KiB, the process growing by 4 MB.
    maxRequestBodySize: 2 ** 40,
    fetch: createOpsHandler({ ...options, hostname }),
  });
  const bound = hostname;
  const url = reachableUrl(bound, server.port ?? options.port);
  options.logger.info(
    { event: 'ops.listening', url, bound, auth: options.token === undefined ? 'none' : 'bearer' },
    'ops server listening',
  );
  return {
    url,
    everyInterface: isEveryInterface(bound),
    stop: async () => {
      await server.stop(true);
    },
  };
}
