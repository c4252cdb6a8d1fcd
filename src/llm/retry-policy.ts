/**
 * When Ery asks the same model again, and how long it waits first. The one place that decides,
 * whether the status came as an HTTP status or inside a 200 body or a choice (issue 7 §4: an
 * OpenRouter `{"error":{"code":502}}` in a 200 body is retried exactly like an HTTP 502).
 */

/**
 * True for statuses worth asking the same model again: 408 (request timeout), 409 (lock timeout),
 * 429 (rate limited) and every 5xx. The openai SDK's own rule (`shouldRetry` in openai/client.js);
 * 400/401/403/404/422 are answers, not accidents, and are not retried.
 */
export function isRetriedStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Longest a server may ask Ery to wait between two attempts; a longer wait moves to the next model. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The wait a server asked for, in ms: `retry-after-ms`, else `retry-after` in seconds or as an HTTP
 * date (RFC 9110 §10.2.3). Undefined when absent, unreadable or negative.
 */
export function retryAfterFromHeaders(headers: Pick<Headers, 'get'> | null | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * How long to wait before retry number `retry` (0 for the first): what the server asked for, else
 * exponential backoff from `baseMs` (doubling, capped at 8 s, minus up to 25 % jitter so many
 * channels do not retry in step), like the openai SDK. A server asking for more than 60 s gets
 * `Infinity`: the same model is not asked again, the caller moves on to the next one.
 */
export function retryDelayMs(retry: number, baseMs: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs <= MAX_RETRY_AFTER_MS ? retryAfterMs : Infinity;
  const backoff = Math.min(baseMs * 2 ** retry, 8_000);
  return backoff * (1 - Math.random() * 0.25);
}
