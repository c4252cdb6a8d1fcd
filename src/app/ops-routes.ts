import { Snowflake } from '../domain/message.ts';
import type { Logger } from '../logger.ts';
import type { InspectionHub } from './inspection-hub.ts';
import { type ActorHistory, actorDetail, type DetailLimits } from './ops-actor-detail.ts';
import { listActors } from './ops-actors.ts';
import { type HealthProbes, healthReport } from './ops-health.ts';
import { inspectStream } from './ops-inspect-stream.ts';
import type { OpsMetrics } from './ops-metrics.ts';
import type { OpsView } from './ops-view.ts';

/** What the read-only ops routes read. */
export interface RouteDeps {
  supervisor: OpsView;
  metrics: OpsMetrics;
  probes: HealthProbes;
  history?: ActorHistory;
  inspection?: InspectionHub;
  /** Hears of `/api/inspect` clients dropped for not reading. */
  logger: Logger;
  /** When the server started, ms since the epoch (for `uptimeMs`). */
  startedAt: number;
}

const ACTOR_PATH = /^\/api\/actors\/([^/]+)$/;
/** Default and largest history of `GET /api/actors/:channelId` (`?events=`, `?threads=`). */
const LIMITS = { events: { fallback: 50, max: 500 }, threads: { fallback: 20, max: 100 } } as const;

/**
 * The read-only routes (GET and HEAD): `/healthz` (alias `/health`), `/metrics`, `/api/actors`
 * (alias `/api/channels`), `/api/actors/:channelId` and `/api/inspect`. Returns undefined for any
 * other path. Errors are JSON `{ error }` that say what to do.
 */
export function opsRoutes(deps: RouteDeps): (request: Request) => Promise<Response | undefined> {
  const health = () => {
    const report = healthReport(deps.supervisor, deps.probes, Date.now() - deps.startedAt);
    return Response.json(report, { status: report.status === 'unavailable' ? 503 : 200 });
  };
  const actors = () => Response.json(listActors(deps.supervisor));
  const routes: Record<string, (request: Request) => Response | Promise<Response>> = {
    '/healthz': health,
    '/health': health,
    '/metrics': async () => {
      const { text, contentType } = await deps.metrics.expose();
      return new Response(text, { headers: { 'content-type': contentType } });
    },
    '/api/actors': actors,
    '/api/channels': actors,
    '/api/inspect': (request) =>
      deps.inspection
        ? inspectStream(deps.inspection, request.signal, { logger: deps.logger })
        : failure(404, 'the inspection stream is off; start Ery with ERY_INSPECT=1 to turn it on'),
  };
  return async (request) => {
    const url = new URL(request.url);
    const actor = ACTOR_PATH.exec(url.pathname);
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!route && !actor) return undefined;
    // HEAD too: uptime checkers use it (Bun sends the headers without the body).
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return Response.json(
        { error: `${request.method} is not allowed here; use GET` },
        {
          status: 405,
          headers: { allow: 'GET, HEAD' },
        },
      );
    if (route) return route(request);
    return oneActor(deps, decoded(actor?.[1] ?? ''), url.searchParams);
  };
}

function oneActor(deps: RouteDeps, channelId: string, query: URLSearchParams): Response {
  if (!Snowflake.safeParse(channelId).success)
    return failure(
      400,
      `channel id must be a Discord snowflake (digits only), got ${JSON.stringify(channelId)}`,
    );
  const limits: Partial<DetailLimits> = {};
  for (const name of ['events', 'threads'] as const) {
    const { fallback, max } = LIMITS[name];
    const given = query.get(name);
    const count = given === null ? fallback : Number(given);
    if (!/^\d+$/.test(given ?? '0') || count > max)
      return failure(400, `?${name}= must be a whole number from 0 to ${max}, got ${JSON.stringify(given)}`);
    limits[name] = count;
  }
  const detail = actorDetail(deps.supervisor, deps.history, channelId, limits as DetailLimits);
  if (!detail)
    return failure(
      404,
      `no channel actor ${channelId}: none is live and none was ever stored; GET /api/actors lists the live ones`,
    );
  return Response.json(detail);
}

/** A path segment decoded, or as it is when it is not valid percent-encoding (it fails validation then). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const failure = (status: number, error: string) => Response.json({ error }, { status });
