import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie a browser keeps after opening an ops page with `?token=`. */
export const OPS_COOKIE = 'ery_ops';
/** How long that cookie is honoured, by the browser and by the server alike: a week, in seconds. */
export const COOKIE_MAX_AGE_S = 7 * 24 * 3600;

/** Decides one request: a Response to send instead (401, or the redirect that sets the cookie), or undefined to serve it. */
export type OpsGuard = (request: Request) => Response | undefined;

/** Options of {@link createOpsGuard}. */
export interface OpsGuardOptions {
  /** Wall clock in ms since the epoch, for the cookie's issue time and age (default `Date.now`). */
  now?: () => number;
}

/**
 * The ops server's authentication. With no token every request passes (the server is bound to
 * loopback then: config refuses anything else, and ./ops-origin.ts refuses other Host names). With
 * `token` (`ERY_OPS_TOKEN`) a request passes when it carries `Authorization: Bearer <token>`, or
 * the cookie a browser got by opening any ops page once with `?token=<token>`: that visit answers
 * 303 to the same path on this server without the token (so it stays out of history and
 * referrers; never to another site, however the path is written) and sets an HttpOnly,
 * SameSite=Strict cookie (Secure over https) holding its issue time and an HMAC of that time under
 * the token, never the token: the server refuses it after a week whatever the browser keeps, and
 * changing `ERY_OPS_TOKEN` voids every cookie. Any of several `ery_ops` cookies may be the good
 * one. Secrets are compared in constant time. Anything else is a 401 JSON `{ error }` saying what
 * to send.
 */
export function createOpsGuard(token: string | undefined, options: OpsGuardOptions = {}): OpsGuard {
  if (token === undefined) return () => undefined;
  const now = options.now ?? Date.now;
  const sign = (issued: number) =>
    createHmac('sha256', token).update(`ery-ops-session:${issued}`).digest('base64url');
  const validCookie = (value: string) => {
    const match = /^(\d{1,12})\.([\w-]+)$/.exec(value);
    if (!match) return false;
    const issued = Number(match[1]);
    const age = now() / 1000 - issued;
    // A minute of clock skew either way; past a week the cookie is refused by the server itself.
    return age >= -60 && age <= COOKIE_MAX_AGE_S && sameSecret(match[2] as string, sign(issued));
  };
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
      const issued = Math.floor(now() / 1000);
      const secure = url.protocol === 'https:' ? '; Secure' : '';
      return new Response(null, {
        status: 303,
        headers: {
          location: samePath(url),
          'set-cookie': `${OPS_COOKIE}=${issued}.${sign(issued)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_S}${secure}`,
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
    const cookies = cookieValues(request.headers.get('cookie'), OPS_COOKIE);
    if (cookies.length > 0) {
      return cookies.some(validCookie)
        ? undefined
        : unauthorized(
            'the ops cookie is no longer valid (a week old, or ERY_OPS_TOKEN changed): open the page again with ?token=<ERY_OPS_TOKEN>',
          );
    }
    return unauthorized(
      'this ops server needs its token: send "Authorization: Bearer <ERY_OPS_TOKEN>", or open a page once in a browser with ?token=<ERY_OPS_TOKEN>',
    );
  };
}

/**
 * The path and query of `url` as a Location on this server: leading slashes and backslashes
 * become one slash, since `//evil.example/` or `/\evil.example/` would send the browser to another
 * site.
 */
function samePath(url: URL): string {
  return `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`;
}

/** Constant-time equality of two secrets of any lengths: their SHA-256 digests are compared. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Every value of the cookie `name` in a Cookie header: browsers may send several (other paths). */
function cookieValues(header: string | null, name: string): string[] {
  const values: string[] = [];
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) values.push(value.join('='));
  }
  return values;
}

function unauthorized(error: string): Response {
  return Response.json({ error }, { status: 401, headers: { 'www-authenticate': 'Bearer realm="ery-ops"' } });
}
