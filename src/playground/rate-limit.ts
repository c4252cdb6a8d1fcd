/**
 * Discord-style rate limits, in the form @discordjs/rest reads them: per-route buckets keyed by the
 * route's major parameter (channel or guild id), a global per-token limit, `X-RateLimit-*` headers
 * on every response, and 429 with `Retry-After` (seconds, decimals) when a client goes over.
 */

/** One bucket rule: which routes share it and how many requests fit in its window. */
export interface BucketRule {
  /** Name, hashed into `X-RateLimit-Bucket`. */
  name: string;
  method: string | '*';
  /** Route template, e.g. `/channels/:channelId/messages`; `*` matches every route. */
  route: string | '*';
  limit: number;
  windowMs: number;
}

/** Limits close to Discord's observed ones for the routes Ery uses; the last rule is the fallback. */
export const DEFAULT_BUCKETS: BucketRule[] = [
  {
    name: 'message-create',
    method: 'POST',
    route: '/channels/:channelId/messages',
    limit: 5,
    windowMs: 5000,
  },
  {
    name: 'reaction',
    method: '*',
    route: '/channels/:channelId/messages/:messageId/reactions/:emoji/@me',
    limit: 1,
    windowMs: 250,
  },
  { name: 'ban', method: 'PUT', route: '/guilds/:guildId/bans/:userId', limit: 5, windowMs: 5000 },
  {
    name: 'member-edit',
    method: 'PATCH',
    route: '/guilds/:guildId/members/:userId',
    limit: 10,
    windowMs: 10_000,
  },
  {
    name: 'member-kick',
    method: 'DELETE',
    route: '/guilds/:guildId/members/:userId',
    limit: 5,
    windowMs: 5000,
  },
  {
    name: 'member-role',
    method: '*',
    route: '/guilds/:guildId/members/:userId/roles/:roleId',
    limit: 10,
    windowMs: 10_000,
  },
  { name: 'default', method: '*', route: '*', limit: 50, windowMs: 1000 },
];

/** The verdict for one request. */
export interface RateLimitDecision {
  /** Headers to put on the response, whether it is refused or not. */
  headers: Record<string, string>;
  /** Set when the request must be answered 429. */
  limited?: { retryAfterMs: number; global: boolean };
}

interface Window {
  remaining: number;
  resetAt: number;
}

/** FNV-1a, hex: a stable stand-in for Discord's opaque bucket hashes. */
function bucketHash(name: string): string {
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${h.toString(16).padStart(8, '0')}${name.length.toString(16).padStart(4, '0')}`;
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/** Counts requests per bucket and globally; one instance per playground. */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #global = new Map<string, Window>();

  constructor(
    private readonly options: { globalPerSecond: number; buckets?: BucketRule[]; now: () => number },
  ) {}

  /** The rule for a method and route template. */
  rule(method: string, route: string): BucketRule {
    const rules = this.options.buckets ?? DEFAULT_BUCKETS;
    const found = rules.find(
      (r) => (r.method === '*' || r.method === method) && (r.route === '*' || r.route === route),
    );
    return found ?? { name: 'default', method: '*', route: '*', limit: 50, windowMs: 1000 };
  }

  /**
   * Takes one request of `userId` (limits are per token, like Discord's) from the global window and
   * the route's bucket. A refused request consumes nothing, so a client that waits `Retry-After`
   * always gets through.
   */
  take(userId: string, method: string, route: string, majorParameter: string): RateLimitDecision {
    const now = this.options.now();
    let global = this.#global.get(userId);
    if (!global || now >= global.resetAt) {
      global = { remaining: this.options.globalPerSecond, resetAt: now + 1000 };
      this.#global.set(userId, global);
    }
    const rule = this.rule(method, route);
    const key = `${userId}:${rule.name}:${majorParameter}`;
    let window = this.#windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { remaining: rule.limit, resetAt: now + rule.windowMs };
      this.#windows.set(key, window);
    }
    if (global.remaining <= 0) {
      const retryAfterMs = global.resetAt - now;
      return {
        headers: {
          'X-RateLimit-Global': 'true',
          'X-RateLimit-Scope': 'global',
          'Retry-After': seconds(retryAfterMs),
        },
        limited: { retryAfterMs, global: true },
      };
    }
    const base = {
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Bucket': bucketHash(rule.name),
      'X-RateLimit-Reset': (window.resetAt / 1000).toFixed(3),
      'X-RateLimit-Scope': 'user',
    };
    if (window.remaining <= 0) {
      const retryAfterMs = window.resetAt - now;
      return {
        headers: {
          ...base,
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset-After': seconds(retryAfterMs),
          'Retry-After': seconds(retryAfterMs),
        },
        limited: { retryAfterMs, global: false },
      };
    }
    global.remaining -= 1;
    window.remaining -= 1;
    return {
      headers: {
        ...base,
        'X-RateLimit-Remaining': String(window.remaining),
        'X-RateLimit-Reset-After': seconds(window.resetAt - now),
      },
    };
  }

  /** Headers for a 429 the caller decided on (fault injection), shaped like a real one. */
  static refusal(retryAfterMs: number, global: boolean, bucket = 'fault'): Record<string, string> {
    const after = seconds(retryAfterMs);
    return global
      ? { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global', 'Retry-After': after }
      : {
          'X-RateLimit-Limit': '1',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset-After': after,
          'X-RateLimit-Bucket': bucketHash(bucket),
          'X-RateLimit-Scope': 'user',
          'Retry-After': after,
        };
  }
}
