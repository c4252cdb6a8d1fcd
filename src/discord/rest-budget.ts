/**
 * A budget per Discord action, carried through discord.js's REST queue by an AsyncLocalStorage
 * (discord.js managers take no signal, and @discordjs/rest retries a 429 for ever: a 429 does not
 * count towards its `retries`, see SequentialHandler.runRequest in @discordjs/rest 2.x). Within an
 * action started by {@link withinRestBudget}:
 * - at most `maxRateLimits` 429 answers are waited out and retried; at the next one (or at any
 *   rate-limit wait after it) discord.js rejects with its `RateLimitError`, i.e. `RATE_LIMITED`;
 * - once the action's signal has aborted, no request of it is sent any more, and a rate-limit
 *   wait rejects at once: a ban queued behind a rate limit must not land after the thread that
 *   asked for it was told it stopped.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultRestOptions, type RateLimitData, type RESTOptions } from 'discord.js';

/** 429 answers one action waits out and retries before it fails with `RATE_LIMITED`. */
export const DEFAULT_MAX_RATE_LIMITS_PER_ACTION = 3;

interface ActionBudget {
  signal: AbortSignal | undefined;
  rateLimits: number;
}

const actions = new AsyncLocalStorage<ActionBudget>();

/** Runs `work` (one Discord action) under its own budget; `signal` is the action's. */
export function withinRestBudget<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  return actions.run({ signal, rateLimits: 0 }, work);
}

/** Thrown instead of sending a request whose action was aborted; not a network error, so not retried. */
export class RequestNotSentError extends Error {
  override readonly name = 'RequestNotSentError';
}

/** Limits of {@link restBudgetOptions}. */
export interface RestBudgetLimits {
  /** Longest single rate-limit wait, in ms; a longer one rejects at once. */
  maxWaitMs: number;
  /** 429 answers retried per action; see {@link DEFAULT_MAX_RATE_LIMITS_PER_ACTION}. */
  maxRateLimits: number;
}

/** The `rest` options of the discord.js client that enforce each action's budget. */
export function restBudgetOptions(
  limits: RestBudgetLimits,
): Pick<RESTOptions, 'rejectOnRateLimit' | 'makeRequest'> {
  return {
    rejectOnRateLimit: (data: RateLimitData) => {
      if (Math.max(data.retryAfter, data.timeToReset) > limits.maxWaitMs) return true;
      const action = actions.getStore();
      if (!action) return false;
      return action.signal?.aborted === true || action.rateLimits > limits.maxRateLimits;
    },
    makeRequest: async (url, init) => {
      const action = actions.getStore();
      if (action?.signal?.aborted) {
        throw new RequestNotSentError(`not sent: its action was aborted (${init.method} ${url})`);
      }
      const response = await DefaultRestOptions.makeRequest(url, init);
      // Counted here, on Discord's answer: discord.js also calls rejectOnRateLimit before a request
      // while a bucket it knows is empty, and those waits are not refusals.
      if (action && response.status === 429) action.rateLimits += 1;
      return response;
    },
  };
}
