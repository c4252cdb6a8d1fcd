import type { ReapedChannel } from '../app/recently-reaped.ts';
import { Snowflake } from '../domain/message.ts';
import { assetResponse, pageResponse } from './assets.ts';
import type { ChannelSnapshot, NameLookup } from './channel-view.ts';
import { databaseRoutes } from './database-routes.ts';
import { recentHistory } from './event-history.ts';
import { type FeedOptions, InspectorFeed, type InspectorSource } from './feed.ts';
import { frameStream } from './frame-stream.ts';
import { jsonError as error, noDatabase } from './http.ts';
import type { InspectorStores } from './stores.ts';
import { withInterruptions } from './thread-times.ts';

/** What the inspector reads. */
export interface InspectorDeps {
  /** The supervisor: live channel actors and its lifecycle state. */
  supervisor: InspectorSource;
  /** The inspection hub the supervisor publishes to (src/app/inspection-hub.ts). */
  hub: FeedOptions['hub'];
  /**
   * What Ery recorded: recent events, threads, their steps and audit rows (src/db/inspector-stores.ts
   * over Ery's database). Without it those are 404.
   */
  stores?: InspectorStores;
  /** Server, channel, member and role names, when known. */
  names?: NameLookup;
  /** The channels reaped most recently, newest first (the overview keeps them listed). */
  reaped?: () => ReapedChannel[];
  /** The supervisor lifecycle's transitions since start-up. */
  lifecycle?: FeedOptions['lifecycle'];
  /** Frame interval of the live stream, ms (default 200). */
  frameMs?: number;
  /** SSE keep-alive interval, ms (default 5000: under Bun's 10 s idle timeout). */
  keepAliveMs?: number;
}

/** Answers the inspector's requests; null for any path outside `/inspector`. */
export type InspectorHandler = ((request: Request) => Promise<Response | null>) & {
  /**
   * The same, for mounting under `/inspector` (the ops server's `mounts`): a path outside it,
   * which a mount never passes, answers 404 instead of null.
   */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The live stream's batcher (tests and the benchmark watch it directly). */
  readonly feed: InspectorFeed;
  /**
   * Ery is stopping: every open page gets what is pending (the supervisor draining, stopped) and a
   * last frame, then its stream ends. Call it after the supervisor stopped, before the server closes.
   */
  readonly close: () => void;
};

const PREFIX = '/inspector';
const THREADS_LISTED = 20;
const THREADS_PATH = /^\/inspector\/api\/channels\/([^/]+)\/threads$/;

/**
 * The live inspector, mounted by the ops server with one line (`mounts: { '/inspector': inspector.fetch }`).
 * Routes (GET or HEAD):
 * - `/inspector`: the page: the overview of every channel, or `?channel=<id>` in detail;
 * - `/inspector/app.js`, `/inspector/style.css`: its code (bundled at first request) and style;
 * - `/inspector/api/charts`: the channel and supervisor statecharts, laid out by elkjs;
 * - `/inspector/api/stream?channel=<id>`: frames of live changes (SSE, see {@link InspectorFeed});
 * - `/inspector/api/channels/:id/threads`: a channel's recent threads, restarts that cut them off included;
 * - `/inspector/api/threads/:id`, `/inspector/replay/:id`, `/inspector/api/replay/:id`: a thread
 *   in detail, and a channel's replay view (see `databaseRoutes`), from `stores`.
 * Bad ids answer 400, unknown things 404 (JSON `{ error }`), other methods 405.
 */
export function createInspectorHandler(deps: InspectorDeps): InspectorHandler {
  if (!deps?.supervisor) throw new TypeError('createInspectorHandler needs deps.supervisor');
  if (!deps.hub) throw new TypeError('createInspectorHandler needs deps.hub');
  const { stores, names } = deps;
  const history = stores?.history ?? null;
  const log = stores?.actorLog ?? null;
  const feed = new InspectorFeed({
    hub: deps.hub,
    source: deps.supervisor,
    ...(names ? { names } : {}),
    ...(deps.reaped ? { reaped: deps.reaped } : {}),
    ...(deps.lifecycle ? { lifecycle: deps.lifecycle } : {}),
    ...(log ? { history: (channelId: string) => recentHistory(log, channelId, names ? { names } : {}) } : {}),
    ...(history
      ? {
          stored: (channelId: string) =>
            (history.stored(channelId)?.snapshot ?? null) as ChannelSnapshot | null,
        }
      : {}),
    ...(deps.frameMs ? { frameMs: deps.frameMs } : {}),
  });
  const keepAliveMs = deps.keepAliveMs ?? 5_000;
  const recorded = databaseRoutes(stores, names);

  const route = async (request: Request, url: URL): Promise<Response> => {
    const path = url.pathname.replace(/\/$/, '');
    if (path === PREFIX) return pageResponse();
    const shared =
      (await assetResponse(path.slice(PREFIX.length))) ?? recorded(path.slice(PREFIX.length), url);
    if (shared) return shared;
    if (path === `${PREFIX}/api/stream`) {
      const focus = url.searchParams.get('channel') || null;
      if (focus !== null && !Snowflake.safeParse(focus).success)
        return error(400, 'channel must be a snowflake');
      return frameStream(feed, focus, request.signal, keepAliveMs);
    }
    const threadsOf = THREADS_PATH.exec(path);
    if (threadsOf) {
      const channelId = threadsOf[1] as string;
      if (!Snowflake.safeParse(channelId).success) return error(400, 'channel must be a snowflake');
      return history && log
        ? Response.json(withInterruptions(log, channelId, history.threads(channelId, THREADS_LISTED)))
        : noDatabase();
    }
    return error(404, `nothing at ${url.pathname}; the inspector is at ${PREFIX}`);
  };

  const handler = async (request: Request): Promise<Response | null> => {
    const url = new URL(request.url);
    if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) return null;
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    return route(request, url);
  };
  const fetch = async (request: Request) =>
    (await handler(request)) ??
    error(404, `nothing at ${new URL(request.url).pathname}; the inspector is at ${PREFIX}`);
  return Object.assign(handler, { fetch, feed, close: () => feed.shutdown() });
}
