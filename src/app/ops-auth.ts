import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie a browser keeps after opening an ops page with `?token=`. */
export const OPS_COOKIE = 'ery_ops';
/** How long that cookie lasts: a week, in seconds. */
const COOKIE_MAX_AGE_S = 7 * 24 * 3600;

/** Decides one request: a Response to send instead (401, or the redirect that sets the cookie), or undefined to serve it. */
export type OpsGuard = (request: Request) => Response | undefined;

/**
 * The ops server's authentication. With no token every request passes (the server is bound to
 * loopback then: config refuses anything else). With `token` (`ERY_OPS_TOKEN`) a request passes
 * when it carries `Authorization: Bearer <token>`, or the cookie a browser got by opening any ops
 * page once with `?token=<token>`: that visit answers 303 to the same address without the token
 * (so it stays out of history and referrers) and sets an HttpOnly, SameSite=Strict cookie holding
 * an HMAC of the token, never the token (changing `ERY_OPS_TOKEN` voids every cookie). Tokens are
 * compared in constant time. Anything else is a 401 JSON `{ error }` saying what to send.
 */
export function createOpsGuard(token: string | undefined): OpsGuard {
  if (token === undefined) return () => undefined;
  const session = createHmac('sha256', token).update('ery-ops-session').digest('base64url');
  return (request) => {
    const url = new URL(request.url);
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return unauthorized(
          '?token= works for pages opened in a browser; send "Authorization: Bearer <ERY_OPS_TOKEN>"',
        );
      if (!sameSecret(given, token)) return unauthorized('the ?token= given does not match ERY_OPS_TOKEN');
      url.searchParams.delete('token');
      const secure = url.protocol === 'https:' ? '; Secure' : '';
      return new Response(null, {
        status: 303,
        headers: {
          location: `${url.pathname}${url.search}`,
          'set-cookie': `${OPS_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_S}${secure}`,
        },
      });
    }
    const header = request.headers.get('authorization');
    if (header !== null) {
      const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
      if (!bearer) return unauthorized('the Authorization header must be "Bearer <ERY_OPS_TOKEN>"');
      return sameSecret(bearer[1] as string, token)
        ? undefined
        : unauthorized('the bearer token does not match ERY_OPS_TOKEN');
    }
    const cookie = cookieValue(request.headers.get('cookie'), OPS_COOKIE);
    if (cookie !== undefined) {
      return sameSecret(cookie, session)
        ? undefined
        : unauthorized(
            'the ops cookie is no longer valid (ERY_OPS_TOKEN changed?): open the page again with ?token=<ERY_OPS_TOKEN>',
          );
    }
    return unauthorized(
      'this ops server needs its token: send "Authorization: Bearer <ERY_OPS_TOKEN>", or open a page once in a browser with ?token=<ERY_OPS_TOKEN>',
    );
  };
}

/** Constant-time equality of two secrets of any lengths: their SHA-256 digests are compared. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function unauthorized(error: string): Response {
  return Response.json({ error }, { status: 401, headers: { 'www-authenticate': 'Bearer realm="ery-ops"' } });
}
