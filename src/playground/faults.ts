/**
 * Faults a test can inject into the REST API: the next N matching requests get a 429 or a 5xx,
 * so retry and back-off paths in Ery run against the real discord.js client.
 */

/** Which requests a fault applies to. */
export interface FaultMatch {
  /** Tested against the path after `/api/v10`, e.g. `/channels/123/messages`. All when absent. */
  route?: RegExp;
  /** HTTP method (any when absent). */
  method?: string;
}

/** A pending fault. */
export type Fault =
  | { kind: 'rate-limit'; retryAfterMs: number; global: boolean }
  | { kind: 'server-error'; status: number };

interface Pending extends FaultMatch {
  remaining: number;
  fault: Fault;
}

/** The queue of injected REST faults, consumed first-in first-out per request. */
export class FaultInjector {
  readonly #pending: Pending[] = [];

  /** The next `count` matching requests get 429 with `Retry-After` = `retryAfterMs`. */
  rateLimit(opts: FaultMatch & { count: number; retryAfterMs: number; global?: boolean }): void {
    this.#add(opts, { kind: 'rate-limit', retryAfterMs: opts.retryAfterMs, global: opts.global ?? false });
  }

  /** The next `count` matching requests fail with `status` (default 500). */
  serverError(opts: FaultMatch & { count: number; status?: number }): void {
    this.#add(opts, { kind: 'server-error', status: opts.status ?? 500 });
  }

  /** Forgets every pending fault. */
  clear(): void {
    this.#pending.length = 0;
  }

  /** Takes the fault for this request, if one is pending. */
  take(method: string, path: string): Fault | undefined {
    const index = this.#pending.findIndex(
      (p) => (!p.method || p.method.toUpperCase() === method) && (!p.route || matches(p.route, path)),
    );
    const pending = this.#pending[index];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.#pending.splice(index, 1);
    return pending.fault;
  }

  #add(match: FaultMatch & { count: number }, fault: Fault): void {
    if (match.count <= 0) return;
    this.#pending.push({ route: match.route, method: match.method, remaining: match.count, fault });
  }
}

/** RegExp.test without the `g`/`y` flags' memory of the last match. */
function matches(route: RegExp, path: string): boolean {
  route.lastIndex = 0;
  return route.test(path);
}
