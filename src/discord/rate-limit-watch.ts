import { type APIRequest, type Client, RESTEvents, type ResponseLike } from 'discord.js';

/** One 429 answer from Discord's REST API, as the ops metrics count it. */
export interface RateLimitHit {
  /** HTTP method, upper case. */
  method: string;
  /** discord.js's bucket route, ids of minor parameters replaced (e.g. `/channels/:id/messages`). */
  route: string;
  /** Discord's `X-RateLimit-Scope`: `user`, `global` or `shared` (`unknown` when absent). */
  scope: string;
}

/**
 * Calls `listener` for every 429 response Discord's REST API sends this client, retries included
 * (discord.js waits and retries on its own; this only counts). Listening makes discord.js copy each
 * response for its `response` event, so it is attached only when someone counts. Returns the detach.
 */
export function watchRateLimits(client: Client, listener: (hit: RateLimitHit) => void): () => void {
  const onResponse = (request: APIRequest, response: ResponseLike): void => {
    if (response.status !== 429) return;
    const global = response.headers.get('x-ratelimit-global') === 'true';
    listener({
      method: request.method.toUpperCase(),
      route: request.route,
      scope: response.headers.get('x-ratelimit-scope') ?? (global ? 'global' : 'unknown'),
    });
  };
  client.rest.on(RESTEvents.Response, onResponse);
  return () => {
    client.rest.off(RESTEvents.Response, onResponse);
  };
}
