import { z } from 'zod';

/** The fewest characters `ERY_OPS_TOKEN` may have: anything shorter can be guessed. */
export const MIN_OPS_TOKEN_LENGTH = 16;

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/**
 * `ERY_HTTP_HOST`: the address the ops server binds: an IPv4 or IPv6 address, or `localhost`. Other
 * host names are refused here: one that does not resolve would only fail inside Bun.serve, with a
 * stack trace instead of a line naming the variable (found by a new-user walkthrough, issue 9).
 */
export const httpHost = z
  .string()
  .refine((host) => IPV4.test(host) || host.toLowerCase() === 'localhost' || isIpv6(host), {
    error:
      'must be an IP address to bind, such as 127.0.0.1, ::1 or 0.0.0.0, or localhost (no host name, no scheme, no port: the port is ERY_HTTP_PORT)',
  });

/** `ERY_OPS_TOKEN`: the bearer token of the ops server; long enough not to be guessed. */
export const opsToken = z.string().min(MIN_OPS_TOKEN_LENGTH, {
  error: `must be at least ${MIN_OPS_TOKEN_LENGTH} characters; generate one with: openssl rand -hex 32`,
});

/**
 * True when `host` only accepts connections from this machine: `localhost`, 127.0.0.0/8, `::1`
 * (also written out, or as an IPv4-mapped 127 address). `0.0.0.0` and `::` are every interface,
 * not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (IPV4.test(bare)) return bare.startsWith('127.');
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return (mapped[1] as string).startsWith('127.');
  return /^(?:0{0,4}:){1,7}:?0{0,3}1$/.test(bare) || bare === '::1';
}

/**
 * The one refusal of an ops server reachable from elsewhere with no token: the message for
 * `ERY_HTTP_HOST`, or null when the binding is safe (loopback, or a token set).
 */
export function unguardedBindProblem(host: string, token: string | undefined): string | null {
  if (token !== undefined || isLoopbackHost(host)) return null;
  return `binds ${host}, which other machines can reach, and ERY_OPS_TOKEN is not set; set ERY_OPS_TOKEN to a secret (openssl rand -hex 32) so the ops server asks for it, or bind ERY_HTTP_HOST=127.0.0.1`;
}

function isIpv6(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  // Every IPv6 address has at least two colons; one colon is a host with a port.
  return (bare.match(/:/g)?.length ?? 0) >= 2 && IPV6.test(bare);
}
