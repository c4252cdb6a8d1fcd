/**
 * The playground's web chat: a small Discord-like page where you talk to Ery as one of the demo
 * server's people and watch its answers and moderation live.
 *
 * The page is served by the playground's own port through `extraFetch`. That option is given to
 * `startPlayground` before the playground exists, so mount in two steps:
 *
 * ```ts
 * const chat = mountWebChat({ banner: () => (offline ? 'Offline demo model — not an AI.' : null) });
 * const pg = await startPlayground({ port: 0, extraFetch: chat.fetch });
 * chat.attach(pg);
 * console.log(`chat at ${pg.url}/`);
 * // …on shutdown:
 * chat.close();
 * await pg.stop();
 * ```
 *
 * Routes: `GET /` (the page), `GET /chat/assets/*` (its CSS and modules), `GET /chat/state`,
 * `GET /chat/events` (SSE), `POST /chat/messages`, `POST /chat/reactions`.
 */
import type { Playground } from '../index.ts';
import { WebChatError } from './errors.ts';
import { ownsPath, type RouteDeps, route } from './router.ts';

export type { WebChatErrorCode } from './errors.ts';
export { WebChatError } from './errors.ts';
export type * from './wire.ts';

/** The shape of the playground's `extraFetch`: undefined for paths the web chat does not own. */
export type WebChatFetch = (req: Request) => Response | Promise<Response> | undefined;

/** Options of {@link createWebChat} and {@link mountWebChat}. */
export interface WebChatOptions {
  /** The browser tab title (default "Ery playground"); the sidebar shows the server name. */
  title?: string;
  /** Text of the banner at the top of the page, read on every page load; null hides it. */
  banner?: () => string | null;
  /** Where the live inspector is (`http://…/inspector`), read on every page load; null: no link. */
  inspectorUrl?: () => string | null;
  /** The playground's clock, to tell a running timeout from a past one (default Date.now). */
  now?: () => number;
  /** Interval of SSE keep-alive comments (default 5000; keep it under Bun's 10 s idle timeout). */
  keepAliveMs?: number;
  /** Messages per channel in `/chat/state` (default 100). */
  messageLimit?: number;
}

/** A web chat bound to a playground: a fetch handler that can also end its open SSE streams. */
export interface WebChat {
  (req: Request): Response | Promise<Response> | undefined;
  /** Ends every open event stream (the page reconnects if the server is still there). */
  close(): void;
  /** Event streams open now (each page keeps one). */
  readonly streams: number;
}

/** Binds the web chat to a running playground. Pass the result as `extraFetch`, or call it yourself. */
export function createWebChat(playground: Playground, options: WebChatOptions = {}): WebChat {
  if (!playground) throw new TypeError('createWebChat needs the playground it serves');
  const deps: RouteDeps = {
    pg: playground,
    title: options.title ?? 'Ery playground',
    banner: options.banner ?? (() => null),
    inspectorUrl: options.inspectorUrl ?? (() => null),
    now: options.now ?? Date.now,
    keepAliveMs: options.keepAliveMs ?? 5000,
    messageLimit: options.messageLimit ?? 100,
    systemLimit: 200,
    openStreams: new Set(),
  };
  const handler = (req: Request) => {
    const url = new URL(req.url);
    return ownsPath(url.pathname) ? route(deps, req, url) : undefined;
  };
  const close = () => {
    for (const end of [...deps.openStreams]) end();
  };
  return Object.defineProperties(Object.assign(handler, { close }), {
    streams: { get: () => deps.openStreams.size, enumerable: true },
  }) as WebChat;
}

/** A web chat mounted before its playground exists: see the module example. */
export interface WebChatMount {
  /** Give this to `startPlayground({ extraFetch })`. Answers 503 on its paths until attached. */
  readonly fetch: WebChatFetch;
  /** Binds the playground; call once, right after `startPlayground` resolves. */
  attach(playground: Playground): WebChat;
  /** Ends every open event stream. */
  close(): void;
}

/** Creates the web chat's `extraFetch` now and binds the playground later. */
export function mountWebChat(options: WebChatOptions = {}): WebChatMount {
  let chat: WebChat | null = null;
  return {
    fetch(req) {
      if (chat) return chat(req);
      if (!ownsPath(new URL(req.url).pathname)) return undefined;
      return new WebChatError(
        'WEB_CHAT_NOT_READY',
        'The playground is still starting; reload in a moment.',
        undefined,
        503,
      ).toResponse();
    },
    attach(playground) {
      if (chat) throw new TypeError('mountWebChat: attach() was already called');
      chat = createWebChat(playground, options);
      return chat;
    },
    close() {
      chat?.close();
    },
  };
}
