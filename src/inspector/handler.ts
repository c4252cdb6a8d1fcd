import { channelMachine } from '../../machines/channel.machine.ts';
import { supervisorLifecycleMachine } from '../../machines/supervisor-lifecycle.machine.ts';
import { createChannelHistory } from '../db/channel-history.ts';
import type { EryDatabase } from '../db/client.ts';
import { Snowflake } from '../domain/message.ts';
import { pageResponse, scriptResponse, styleResponse } from './assets.ts';
import type { NameLookup } from './channel-view.ts';
import { streamEvent } from './event-text.ts';
import { type FeedOptions, InspectorFeed, type InspectorSource } from './feed.ts';
import { frameStream } from './frame-stream.ts';
import { layoutMachine } from './layout.ts';
import { threadDetail } from './thread-detail.ts';
import type { Charts } from './wire.ts';

/** What the inspector reads. */
export interface InspectorDeps {
  /** The supervisor: live channel actors and its lifecycle state. */
  supervisor: InspectorSource;
  /** The inspection hub the supervisor publishes to (src/app/inspection-hub.ts). */
  hub: FeedOptions['hub'];
  /** Ery's database: recent events, threads, their steps and audit rows. Without it those are 404. */
  db?: EryDatabase;
  /** Server and channel names, when known. */
  names?: NameLookup;
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
};

const PREFIX = '/inspector';
const HISTORY_EVENTS = 50;
const THREADS_LISTED = 20;
const THREADS_PATH = /^\/inspector\/api\/channels\/([^/]+)\/threads$/;
const THREAD_PATH = /^\/inspector\/api\/threads\/([^/]{1,200})$/;

let charts: Promise<Charts> | null = null;

/** Both statecharts, laid out once per process: the machines do not change while Ery runs. */
export function machineCharts(): Promise<Charts> {
  charts ??= Promise.all([layoutMachine(channelMachine), layoutMachine(supervisorLifecycleMachine)]).then(
    ([channel, supervisor]) => ({ channel, supervisor }),
  );
  // A failed layout is tried again on the next request, not kept.
  charts.catch(() => {
    charts = null;
  });
  return charts;
}

/**
 * The live inspector, mounted by the ops server with one line (`mounts: { '/inspector': inspector.fetch }`).
 * Routes (GET or HEAD):
 * - `/inspector`: the page (`?channel=<id>` opens that channel);
 * - `/inspector/app.js`, `/inspector/style.css`: its code (bundled at first request) and style;
 * - `/inspector/api/charts`: the channel and supervisor statecharts, laid out by elkjs;
 * - `/inspector/api/stream?channel=<id>`: frames of live changes (SSE, see {@link InspectorFeed});
 * - `/inspector/api/channels/:id/threads`: a channel's recent threads;
 * - `/inspector/api/threads/:id`: one thread in detail (prompt, replies, calls, decisions).
 * Bad ids answer 400, unknown things 404 (JSON `{ error }`), other methods 405.
 */
export function createInspectorHandler(deps: InspectorDeps): InspectorHandler {
  if (!deps?.supervisor) throw new TypeError('createInspectorHandler needs deps.supervisor');
  if (!deps.hub) throw new TypeError('createInspectorHandler needs deps.hub');
  const { db } = deps;
  const history = db ? createChannelHistory(db) : null;
  const feed = new InspectorFeed({
    hub: deps.hub,
    source: deps.supervisor,
    ...(deps.names ? { names: deps.names } : {}),
    ...(history
      ? {
          history: (channelId: string) =>
            history
              .events(channelId, HISTORY_EVENTS)
              .map((row) => streamEvent(row.at, row.event as { type: string })),
        }
      : {}),
    ...(deps.frameMs ? { frameMs: deps.frameMs } : {}),
  });
  const keepAliveMs = deps.keepAliveMs ?? 5_000;

  const route = async (request: Request, url: URL): Promise<Response> => {
    const path = url.pathname.replace(/\/$/, '');
    if (path === PREFIX) return pageResponse();
    if (path === `${PREFIX}/app.js`) return scriptResponse();
    if (path === `${PREFIX}/style.css`) return styleResponse();
    if (path === `${PREFIX}/api/charts`) return Response.json(await machineCharts());
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
      return history ? Response.json(history.threads(channelId, THREADS_LISTED)) : noDatabase();
    }
    const thread = THREAD_PATH.exec(path);
    if (thread) {
      if (!db) return noDatabase();
      const threadId = decoded(thread[1] as string);
      if (threadId === null) return error(400, 'the thread id is not valid URL encoding');
      const detail = threadDetail(db, threadId);
      return detail ? Response.json(detail) : error(404, `no thread ${threadId}`);
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
  return Object.assign(handler, { fetch, feed });
}

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

const error = (status: number, message: string) => Response.json({ error: message }, { status });
const noDatabase = () =>
  error(404, 'threads are not recorded here: the inspector was started without a database');
