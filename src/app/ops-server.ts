import { LIVE_CHANNEL_STATES } from '../../machines/channel.types.ts';
import type { Logger } from '../logger.ts';
import type { InspectionHub } from './inspection-hub.ts';
import { type AdminDeps, handleAdmin } from './ops-admin.ts';
import type { OpsView } from './ops-view.ts';

/** The ops HTTP server: health, Prometheus metrics and the live channel actors. */
export interface OpsServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Answers one ops request in process: the whole ops server without a socket (see `createOpsHandler`). */
export type OpsHandler = (request: Request) => Promise<Response>;

/** What the ops routes read and change. */
export interface OpsOptions {
  supervisor: OpsView;
  /** When given, `GET /api/inspect` streams every channel actor's inspection events (SSE). */
  inspection?: InspectionHub;
  /** When given, the admin routes of ./ops-admin.ts (config overrides, server policies) are served. */
  admin?: Omit<AdminDeps, 'supervisor'>;
  /** The live inspector (src/inspector): answers its own paths under `/inspector`, null for others. */
  inspector?: (request: Request) => Promise<Response | null>;
}

/**
 * The ops routes as one `(Request) => Promise<Response>` handler, the way Hono's `app.request()`
 * answers in process (issue 8, item 4): `startOpsServer` binds it to a port, tests call it directly.
 * Serves `GET /health` (200 with a JSON summary, the supervisor's `lifecycle` state included), `GET /metrics` (Prometheus text) and
 * `GET /api/channels` (every live channel actor: state, batch and queue sizes, thread), and with
 * `inspection` given, `GET /api/inspect`: a Server-Sent Events stream of inspection events that
 * ends when the request's signal aborts. Unknown paths answer 404, other methods 405.
 */
export function createOpsHandler(options: OpsOptions): OpsHandler {
  const { supervisor } = options;
  const startedAt = Date.now();
  /** The read-only routes, by path; the admin routes answer first, for their own paths. */
  const routes: Record<string, (request: Request) => Response> = {
    '/health': () =>
      Response.json({
        status: 'ok',
        uptimeMs: Date.now() - startedAt,
        ...supervisor.stats(),
        lifecycle: supervisor.lifecycle(),
      }),
    '/metrics': () =>
      new Response(metrics(supervisor), { headers: { 'content-type': 'text/plain; version=0.0.4' } }),
    '/api/channels': () => Response.json(supervisor.channels()),
    '/api/inspect': (request) =>
      options.inspection
        ? inspectStream(options.inspection, request.signal)
        : Response.json(
            { error: 'the inspection stream is off; start Ery with ERY_INSPECT=1 to turn it on' },
            { status: 404 },
          ),
  };
  return async (request) => {
    const { pathname } = new URL(request.url);
    const inspected = await options.inspector?.(request);
    if (inspected) return inspected;
    if (options.admin) {
      const answer = await handleAdmin(request, { ...options.admin, supervisor });
      if (answer) return answer;
    }
    const route = Object.hasOwn(routes, pathname) ? routes[pathname] : undefined;
    if (!route) return new Response('not found', { status: 404 });
    // HEAD too: uptime checkers use it (Bun sends the headers without the body).
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    return route(request);
  };
}

/** Binds the ops handler of `createOpsHandler` to `hostname:port` (loopback unless told otherwise). */
export function startOpsServer(
  options: OpsOptions & { port: number; logger: Logger; hostname?: string },
): OpsServer {
  const server = Bun.serve({
    port: options.port,
    hostname: options.hostname ?? '127.0.0.1',
    fetch: createOpsHandler(options),
  });
  const url = `http://${server.hostname}:${server.port}`;
  options.logger.info({ event: 'ops.listening', url }, 'ops server listening');
  return {
    url,
    stop: async () => {
      await server.stop(true);
    },
  };
}

function metrics(supervisor: OpsView): string {
  const stats = supervisor.stats();
  const byState = new Map<string, number>();
  for (const channel of supervisor.channels())
    byState.set(channel.status, (byState.get(channel.status) ?? 0) + 1);
  const lines = [
    '# HELP ery_channels_live Channel actors in memory.',
    '# TYPE ery_channels_live gauge',
    `ery_channels_live ${stats.live}`,
    '# HELP ery_channels_by_state Live channel actors per state.',
    '# TYPE ery_channels_by_state gauge',
    ...LIVE_CHANNEL_STATES.map(
      (state) => `ery_channels_by_state{state="${state}"} ${byState.get(state) ?? 0}`,
    ),
    '# HELP ery_threads_running Agent threads running now.',
    '# TYPE ery_threads_running gauge',
    `ery_threads_running ${stats.running}`,
    '# HELP ery_threads_waiting Ready batches waiting for a run permit.',
    '# TYPE ery_threads_waiting gauge',
    `ery_threads_waiting ${stats.waiting}`,
    '# HELP ery_pending_writes Changes not yet written to SQLite.',
    '# TYPE ery_pending_writes gauge',
    `ery_pending_writes ${stats.pendingWrites}`,
  ];
  return `${lines.join('\n')}\n`;
}

function inspectStream(hub: InspectionHub, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let unsubscribe = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(': ery inspection stream\n\n'));
      unsubscribe = hub.subscribe((record) => {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(record)}\n\n`));
      });
      signal.addEventListener('abort', () => {
        unsubscribe();
        controller.close();
      });
    },
    cancel: () => unsubscribe(),
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
}
