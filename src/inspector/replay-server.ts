import { EryError } from '../domain/errors.ts';
import { assetResponse } from './assets.ts';
import { databaseRoutes } from './database-routes.ts';
import { jsonError } from './http.ts';
import type { RecordedStores } from './stores.ts';

const PREFIX = '/inspector';

/** `ery replay --inspect`'s web server. */
export interface ReplayServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The replay view on its own, without a running Ery: the page, its code and styles, the
 * statecharts, `/inspector/api/replay/:channelId` and thread details (see `databaseRoutes`), read
 * from `stores` (the CLI's adapter over the database it opened read-only). `/` and `/inspector`
 * lead to `home` (a path). GET and HEAD only.
 */
export function createReplayHandler(
  stores: RecordedStores,
  home: string,
): (request: Request) => Promise<Response> {
  const recorded = databaseRoutes(stores);
  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/$/, '');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    if (path === '' || path === PREFIX)
      return new Response(null, { status: 303, headers: { location: home } });
    const answer = path.startsWith(`${PREFIX}/`)
      ? ((await assetResponse(path.slice(PREFIX.length))) ?? recorded(path.slice(PREFIX.length), url))
      : null;
    return answer ?? jsonError(404, `nothing at ${url.pathname}; the replay view is at ${home}`);
  };
}

/**
 * Serves {@link createReplayHandler} on 127.0.0.1:`port` (0: a free port the OS picks).
 *
 * @throws {EryError} `PORT_IN_USE` when `port` is taken, saying to pick another `--port`.
 */
export function startReplayServer(options: {
  stores: RecordedStores;
  port: number;
  home: string;
}): ReplayServer {
  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({
      hostname: '127.0.0.1',
      port: options.port,
      fetch: createReplayHandler(options.stores, options.home),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    throw new EryError(
      'PORT_IN_USE',
      `port ${options.port} is already in use; pass another --port (0 picks a free one)`,
      { cause: error },
    );
  }
  return {
    url: `http://127.0.0.1:${server.port}`,
    stop: () => server.stop(true),
  };
}
