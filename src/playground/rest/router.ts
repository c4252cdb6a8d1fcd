/** A tiny router for the REST API: route templates with `:params`, one handler per method. */
import type { ActionContext } from '../actions/context.ts';
import { Errors } from '../errors.ts';

/** One parsed REST request, as route handlers see it. */
export interface RestRequest {
  method: string;
  /** Path after `/api/v10`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  /** The user the token belongs to. */
  actorId: string;
  /** `X-Audit-Log-Reason`, percent-decoded. */
  reason: string | null;
  ctx: ActionContext;
  /** ws://host:port/gateway */
  gatewayUrl: string;
}

/** A handler's answer: status and JSON body (none for 204). */
export interface RestResult {
  status: number;
  body?: unknown;
}

/** One route. */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. `/channels/:channelId/messages`. */
  route: string;
  /** false: no `Authorization` (interaction callbacks and webhooks carry their token in the path). */
  auth?: false;
  handler: (req: RestRequest) => RestResult;
}

/** 200 with a JSON body. */
export const ok = (body: unknown): RestResult => ({ status: 200, body });
/** 204 No Content. */
export const noContent = (): RestResult => ({ status: 204 });

/** What {@link matchRoute} finds. */
export type RouteMatch = { def: RouteDef; params: Record<string, string> };

/**
 * Finds the route for a method and path. Throws 405 when the path exists for another method;
 * returns undefined when no route has that path (the caller answers 404).
 */
export function matchRoute(
  routes: readonly RouteDef[],
  method: string,
  path: string,
): RouteMatch | undefined {
  const parts = path.split('/').filter(Boolean);
  let pathMatched = false;
  for (const def of routes) {
    const tpl = def.route.split('/').filter(Boolean);
    if (tpl.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const hit = tpl.every((seg, i) => {
      const part = parts[i] as string;
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = part;
        return true;
      }
      // discord.js percent-encodes `@original`.
      return seg === part || seg === safeDecode(part);
    });
    if (!hit) continue;
    pathMatched = true;
    if (def.method === method) return { def, params };
  }
  if (pathMatched) throw Errors.methodNotAllowed();
  return undefined;
}

/** A generic template for an unknown path, so even 404s land in a stable rate-limit bucket. */
export function genericRoute(path: string): string {
  return path.replace(/\/\d{15,21}(?=\/|$)/g, '/:id');
}

/** The body as an object, or 50035 when it is not one. */
export function objectBody(req: RestRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null) return {};
  if (typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw Errors.invalidForm('_body', 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  }
  return req.body as Record<string, unknown>;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
