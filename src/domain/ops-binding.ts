import { isIP } from 'node:net';
import { z } from 'zod';

/** The fewest characters `ERY_OPS_TOKEN` may have: anything shorter can be guessed. */
export const MIN_OPS_TOKEN_LENGTH = 16;

/**
 * `ERY_HTTP_HOST`: the address the ops server binds: an IPv4 or IPv6 address (as node:net's `isIP`
 * reads them: four numbers of 0 to 255, or IPv6 with or without brackets, stored without), or
 * `localhost`. Other host names are refused here: one that does not resolve would only fail inside
 * Bun.serve, with a stack trace instead of a line naming the variable (found by a new-user
 * walkthrough, issue 9); so would `127.999.0.1` or `:::1`.
 */
export const httpHost = z
  .string()
  .transform((host) => (/^\[.*\]$/.test(host) ? host.slice(1, -1) : host))
  .refine((host) => isIP(host) !== 0 || host.toLowerCase() === 'localhost', {
    error:
      'must be an IP address to bind, such as 127.0.0.1 (four numbers from 0 to 255), ::1 or 0.0.0.0, or localhost (no host name, no scheme, no port: the port is ERY_HTTP_PORT)',
  });

/** The most characters `ERY_OPS_TOKEN` may have: more is no safer, and long headers get cut. */
export const MAX_OPS_TOKEN_LENGTH = 1024;
const GENERATE = 'generate one with: openssl rand -hex 32';

/**
 * `ERY_OPS_TOKEN`: the bearer token of the ops server: long enough not to be guessed, and sendable
 * as it is in an `Authorization` header, a cookie and a `?token=` (printable ASCII, no blank).
 * Refusals never repeat the value (see `loadEnv`).
 */
export const opsToken = z
  .string()
  .min(MIN_OPS_TOKEN_LENGTH, { error: `must be at least ${MIN_OPS_TOKEN_LENGTH} characters; ${GENERATE}` })
  .max(MAX_OPS_TOKEN_LENGTH, { error: `must be at most ${MAX_OPS_TOKEN_LENGTH} characters; ${GENERATE}` })
  .regex(/^[\x21-\x7e]+$/, {
    error: `must be printable ASCII without blanks (letters, digits, punctuation), as HTTP headers carry it; ${GENERATE}`,
  });

/**
 * True when `host` only accepts connections from this machine: `localhost`, 127.0.0.0/8, `::1`
 * (also written out, or as an IPv4-mapped 127 address). `0.0.0.0` and `::` are every interface,
 * not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  const version = isIP(bare);
  if (version === 4) return bare.startsWith('127.');
  if (version !== 6) return false;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return (mapped[1] as string).startsWith('127.');
  return /^(?:0{0,4}:){1,7}:?0{0,3}1$/.test(bare);
}

/**
 * The one refusal of an ops server reachable from elsewhere with no token: the message for
 * `ERY_HTTP_HOST`, or null when the binding is safe (loopback, or a token set).
 */
export function unguardedBindProblem(host: string, token: string | undefined): string | null {
  if (token !== undefined || isLoopbackHost(host)) return null;
  return `binds ${host}, which other machines can reach, and ERY_OPS_TOKEN is not set; set ERY_OPS_TOKEN to a secret (openssl rand -hex 32) so the ops server asks for it, or bind ERY_HTTP_HOST=127.0.0.1`;
}
