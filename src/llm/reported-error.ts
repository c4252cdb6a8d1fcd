import { EryError } from '../domain/errors.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An error the provider reported with HTTP 200: an `error` object in the body and no choices
 * (OpenRouter: "any error occurred while the LLM is producing the output will be emitted in the
 * response body", openrouter.ai/docs/api/reference/errors-and-debugging), or a choice that ended
 * with `finish_reason "error"` or carries its own `error`. `status` is the HTTP status it names,
 * or null when it names none. `classifyError` maps it exactly like that HTTP status.
 */
export class ProviderReportedError extends EryError {
  constructor(
    readonly where: 'body' | 'choice',
    readonly status: number | null,
    readonly detail: string,
    readonly retryAfterMs?: number,
  ) {
    super('LLM_PROVIDER_ERROR', `the provider reported an error in the ${where}: ${detail}`);
  }
}

/** A status code as a number, from a number or a numeric string; else undefined. */
function statusOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 100 && number <= 599
    ? number
    : undefined;
}

/** Seconds (`retry_after`) or ms (`retry_after_ms`) the error asks to wait, in ms. */
function retryAfterOf(error: Json, metadata: Json): number | undefined {
  for (const source of [error, metadata]) {
    const ms = source.retry_after_ms;
    if (typeof ms === 'number' && ms >= 0) return ms;
    const seconds = Number(source.retry_after);
    if (source.retry_after !== undefined && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  }
  return undefined;
}

/**
 * Reads a reported error object (`{ message, code, status, metadata }`; any of them may be
 * missing). The status is taken from `code`, else `status`, else `metadata.status` /
 * `metadata.status_code` / `metadata.code`, each a number or a numeric string. The wait comes from
 * `retry_after` (s) / `retry_after_ms` in the error or its metadata, else the response header.
 */
export function reportedError(
  where: 'body' | 'choice',
  raw: unknown,
  headerRetryAfterMs?: number,
): ProviderReportedError {
  const error = isObject(raw) ? raw : {};
  const metadata = isObject(error.metadata) ? error.metadata : {};
  const status = [error.code, error.status, metadata.status, metadata.status_code, metadata.code]
    .map(statusOf)
    .find((value) => value !== undefined);
  const message =
    typeof error.message === 'string' && error.message !== ''
      ? error.message
      : typeof raw === 'string' && raw !== ''
        ? raw
        : 'no message';
  const provider = typeof metadata.provider_name === 'string' ? ` (from ${metadata.provider_name})` : '';
  const retryAfterMs = retryAfterOf(error, metadata) ?? headerRetryAfterMs;
  return new ProviderReportedError(where, status ?? null, `${message}${provider}`, retryAfterMs);
}
