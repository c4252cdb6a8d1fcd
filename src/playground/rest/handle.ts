/**
 * The REST pipeline for one request under `/api/v10`: route → auth → global and route rate limits →
 * injected faults → handler → JSON with `X-RateLimit-*` headers. Discord's error shapes throughout.
 */
import type { Logger } from 'pino';
import type { ActionContext } from '../actions/context.ts';
import { ApiError, Errors } from '../errors.ts';
import type { FaultInjector } from '../faults.ts';
import { RateLimiter } from '../rate-limit.ts';
import type { TokenRegistry } from '../tokens.ts';
import { channelRoutes } from './channels.ts';
import { guildRoutes } from './guilds.ts';
import { interactionRoutes } from './interactions.ts';
import { messageChangeRoutes } from './message-changes.ts';
import { moderationRoutes } from './moderation.ts';
import { roleRoutes } from './roles.ts';
import { genericRoute, matchRoute, type RestResult, type RouteDef } from './router.ts';
import { threadRoutes } from './threads.ts';
import { userRoutes } from './users.ts';

/** Every REST route the playground serves. */
export const ROUTES: readonly RouteDef[] = [
  ...userRoutes,
  ...channelRoutes,
  ...messageChangeRoutes,
  ...guildRoutes,
  ...moderationRoutes,
  ...roleRoutes,
  ...interactionRoutes,
  ...threadRoutes,
];

/** What the pipeline needs. */
export interface RestDeps {
  ctx: ActionContext;
  limiter: RateLimiter;
  faults: FaultInjector;
  logger: Logger;
  tokens: TokenRegistry;
  gatewayUrl: () => string;
  /**
   * How long a reply waits after the request sent gateway events. The event and the reply travel on
   * different sockets; discord.js updates its cache only from the event, so it must land first.
   */
  gatewayLeadMs?: number;
}

const json = (status: number, body: unknown, headers: Record<string, string>) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
  });

function decodeReason(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Handles one API request; `path` is the part after `/api/v10`. */
export async function handleRest(deps: RestDeps, req: Request, path: string, url: URL): Promise<Response> {
  const method = req.method.toUpperCase();
  const { ctx } = deps;
  let headers: Record<string, string> = {};
  let actorId: string | undefined;
  let match: ReturnType<typeof matchRoute>;
  const finish = (status: number, body: unknown, refusedBy?: 'rate-limit' | 'fault') => {
    ctx.events.emit({
      type: 'http.request',
      method,
      path,
      status,
      actorId: actorId ?? null,
      guildId: match?.params.guildId ?? null,
      channelId: match?.params.channelId ?? null,
      ...(refusedBy ? { refusedBy } : {}),
    });
    return json(status, body, headers);
  };
  try {
    match = matchRoute(ROUTES, method, path);
    const route = match?.def.route ?? genericRoute(path);
    // Token-in-path routes are limited per token, as Discord's webhook buckets are.
    actorId =
      match?.def.auth === false
        ? `token:${match.params.token}`
        : deps.tokens.fromHeader(req.headers.get('authorization'));
    if (!actorId) throw Errors.unauthorized();
    const major = match?.params.channelId ?? match?.params.guildId ?? 'global';
    const decision = deps.limiter.take(actorId, method, route, major);
    headers = decision.headers;
    if (decision.limited) {
      const { retryAfterMs, global } = decision.limited;
      return finish(
        429,
        { message: 'You are being rate limited.', retry_after: retryAfterMs / 1000, global },
        'rate-limit',
      );
    }
    const fault = deps.faults.take(method, path);
    if (fault?.kind === 'rate-limit') {
      headers = RateLimiter.refusal(fault.retryAfterMs, fault.global);
      const body = {
        message: 'You are being rate limited.',
        retry_after: fault.retryAfterMs / 1000,
        global: fault.global,
      };
      return finish(429, body, 'fault');
    }
    if (fault?.kind === 'server-error') {
      return finish(fault.status, { message: `${fault.status}: Internal Server Error`, code: 0 }, 'fault');
    }
    if (!match) throw Errors.notFound();
    let body: unknown;
    if (
      method !== 'GET' &&
      method !== 'DELETE' &&
      req.headers.get('content-type')?.includes('application/json')
    ) {
      const text = await req.text();
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
        }
      }
    }
    const dispatchedBefore = ctx.gateway.liveDispatches;
    const result: RestResult = match.def.handler({
      method,
      path,
      params: match.params,
      query: url.searchParams,
      body,
      actorId,
      reason: decodeReason(req.headers.get('x-audit-log-reason')),
      ctx,
      gatewayUrl: deps.gatewayUrl(),
    });
    if (ctx.gateway.liveDispatches !== dispatchedBefore) await Bun.sleep(deps.gatewayLeadMs ?? 25);
    return finish(result.status, result.body);
  } catch (error) {
    if (error instanceof ApiError) return finish(error.status, error.body());
    deps.logger.error(
      { event: 'playground.route.failed', err: error, method, path },
      'playground route failed',
    );
    return finish(500, { message: '500: Internal Server Error', code: 0 });
  }
}
