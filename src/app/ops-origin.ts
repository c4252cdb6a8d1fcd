import { isLoopbackHost } from '../domain/ops-binding.ts';

/** Methods that only read: no Origin check for them (a browser may send Origin on any). */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What {@link createOriginGuard} checks against. */
export interface OriginGuardOptions {
  /** `ERY_OPS_TOKEN`: with none, the Host check below applies. */
  token: string | undefined;
  /** The address the server is bound to (`ERY_HTTP_HOST`): accepted as Host besides loopback names. */
  hostname?: string;
  /** How refusals name the server and the variable of its port (default: the ops server, `ERY_HTTP_PORT`). */
  server?: { name: string; portVariable: string };
}

/**
 * Refuses what a web page, not a person, would send the ops server (403 JSON saying why):
 * - **DNS rebinding**: with no `ERY_OPS_TOKEN`, anything on this machine can call the ops server,
 *   and a web page can too, through a name of its own that it points at 127.0.0.1. Such a request
 *   carries the page's name as `Host`, so only a loopback name or address (`localhost`, 127.x,
 *   `[::1]`) or the bound address is served. With a token, the token is what protects it.
 * - **Cross-site writes**: a PUT, POST or DELETE whose `Origin` is not the server's own (another
 *   site, another port such as the playground's, or `null`) is refused, token or not: the browser
 *   would send the ops cookie with it. Tools such as curl send no Origin and are served.
 * A request with no `Host` header (not a browser's) is served unless its address is not absolute.
 * Returns undefined when the request may go on.
 */
export function createOriginGuard(options: OriginGuardOptions): (request: Request) => Response | undefined {
  const bound = options.hostname === undefined ? null : bareHost(options.hostname);
  const server = options.server ?? { name: 'this ops server', portVariable: 'ERY_HTTP_PORT' };
  // Only the ops server can be served under other names, with a token.
  const tokenHint = options.server ? '' : ', or set ERY_OPS_TOKEN to serve it under other names';
  return (request) => {
    const header = request.headers.get('host');
    if (header === null && !URL.canParse(request.url))
      return forbidden('the request has no Host header; send one (every HTTP/1.1 client does)');
    const host = header ?? new URL(request.url).host;
    // Only a browser's Host can be a rebinding name, and a browser always sends one.
    const rebound = header !== null && !isLoopbackHost(bareHost(header)) && bareHost(header) !== bound;
    if (options.token === undefined && rebound) {
      return forbidden(
        `${server.name}${options.server ? '' : ' has no ERY_OPS_TOKEN, so it'} answers only requests addressed to a loopback name (Host localhost, 127.0.0.1 or [::1]), never Host ${shown(host)}, which is how a web page would reach it through DNS rebinding; open it as http://127.0.0.1:<${server.portVariable}>${tokenHint}`,
      );
    }
    const origin = request.headers.get('origin');
    if (origin === null || READS.has(request.method)) return undefined;
    const from = URL.canParse(origin) ? new URL(origin).host : null;
    if (from !== null && from.toLowerCase() === host.toLowerCase()) return undefined;
    return forbidden(
      `cross-site ${request.method} refused: Origin ${shown(origin)} is not this server (${shown(host)}); change settings from a page of this server, or with a tool that sends no Origin (curl)`,
    );
  };
}

/** A Host header or a bind address without its port or brackets, lower case, no trailing dot. */
export function bareHost(host: string): string {
  const lower = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(lower);
  const bare = bracketed
    ? (bracketed[1] as string)
    : (lower.match(/:/g)?.length ?? 0) === 1
      ? lower.slice(0, lower.indexOf(':'))
      : lower;
  return bare.replace(/\.$/, '');
}

/** A value from the request, quoted and clipped, for the error message. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
}

function forbidden(error: string): Response {
  return Response.json({ error }, { status: 403 });
}
