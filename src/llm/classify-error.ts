import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { redactUrl } from '../domain/redact-url.ts';
import { LlmError } from './errors.ts';
import { ProviderReportedError } from './reported-error.ts';
import { isRetriedStatus, retryAfterFromHeaders } from './retry-policy.ts';
import { UnreadableBodyError } from './unreadable-body.ts';

/** Where the provider's settings come from, so an error can name what to check. */
export interface ProviderHints {
  /** e.g. `OPENROUTER_API_KEY` or `LLM_API_KEY`. */
  keyVariable: string;
  baseURL: string;
}

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  return error.message;
}

/** True when a 404 is about the model rather than the URL (OpenAI `model_not_found`, Ollama "not found"). */
function isModelNotFound(error: APIError): boolean {
  if (error.code === 'model_not_found') return true;
  return /model/i.test(serverMessage(error));
}

/**
 * Maps whatever one attempt on one model threw into an {@link LlmError}: an openai SDK error, an
 * error the provider reported in a 200 body or a choice, a 200 body that is not JSON (retried like a
 * 502), or a reply that could not be used.
 * `details.retrySameModel` says whether the same model is worth asking again; `retryable` whether
 * the next fallback model is. HTTP statuses and reported ones go through {@link errorForStatus}.
 */
export function classifyError(
  error: unknown,
  model: string,
  hints: ProviderHints,
  signal?: AbortSignal,
): LlmError {
  if (error instanceof LlmError) return error;
  const base = { model, cause: error };
  if (error instanceof APIUserAbortError || signal?.aborted) {
    return new LlmError('LLM_ABORTED', `call to ${model} was aborted`, base);
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError('LLM_TIMEOUT', `model ${model} did not answer in time`, base);
  }
  if (error instanceof APIConnectionError) {
    return new LlmError(
      'LLM_UNAVAILABLE',
      `cannot reach the LLM server at ${redactUrl(hints.baseURL)} (${error.message}); check the URL and that the server is running`,
      { ...base, retrySameModel: true },
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const retryAfterMs = retryAfterFromHeaders(error.headers);
    return errorForStatus(error.status, serverMessage(error), model, hints, {
      cause: error,
      modelNotFound: isModelNotFound(error),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (error instanceof ProviderReportedError) {
    // A reported error that names no status is an upstream failure, retried like a 502.
    const status = error.status ?? 502;
    return errorForStatus(status, `reported in a 200 ${error.where}: ${error.detail}`, model, hints, {
      cause: error,
      modelNotFound: /model/i.test(error.detail),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    });
  }
  // A 200 whose body is not JSON (cut off, or a proxy's HTML page) surfaces as a SyntaxError from
  // the SDK's parser, or as text the SDK did not parse: a hiccup on the way, retried like a 502.
  if (error instanceof SyntaxError || error instanceof UnreadableBodyError) {
    const detail =
      error instanceof UnreadableBodyError ? error.message : `the 200 body is not JSON (${error.message})`;
    return errorForStatus(502, detail, model, hints, { cause: error });
  }
  return new LlmError(
    'LLM_BAD_RESPONSE',
    `model ${model} sent a reply Ery cannot read (${error instanceof Error ? error.message : String(error)})`,
    base,
  );
}

/**
 * The {@link LlmError} for a status, whether the server sent it as the HTTP status or inside a 200
 * body. Retried on the same model per {@link isRetriedStatus}; `modelNotFound` marks a 404 about
 * the model (another model may exist), not the URL.
 */
export function errorForStatus(
  status: number,
  detail: string,
  model: string,
  hints: ProviderHints,
  extra: { cause?: unknown; modelNotFound?: boolean; retryAfterMs?: number } = {},
): LlmError {
  const details = {
    model,
    cause: extra.cause,
    status,
    retrySameModel: isRetriedStatus(status),
    ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
  };
  if (status === 429) {
    return new LlmError('LLM_RATE_LIMITED', `model ${model} is rate limited (429: ${detail})`, details);
  }
  if (isRetriedStatus(status)) {
    return new LlmError(
      'LLM_UNAVAILABLE',
      `model ${model} failed on the server (${status}: ${detail})`,
      details,
    );
  }
  if (status === 401) {
    return new LlmError(
      'LLM_AUTH',
      `the LLM server rejected the API key (401: ${detail}); check ${hints.keyVariable}`,
      details,
    );
  }
  if (status === 403) {
    return new LlmError(
      'LLM_AUTH',
      `the API key may not use model ${model} (403: ${detail}); check ${hints.keyVariable} and the account's access`,
      details,
    );
  }
  if (status === 404 && extra.modelNotFound) {
    // Another model may exist where this one does not: treated like an outage of this model.
    return new LlmError(
      'LLM_UNAVAILABLE',
      `model ${model} was not found (404: ${detail}); check LLM_MODEL / LLM_FALLBACK_MODELS`,
      details,
    );
  }
  if (status === 404) {
    return new LlmError(
      'LLM_BAD_REQUEST',
      `no chat completions endpoint at ${redactUrl(hints.baseURL)} (404: ${detail}); check LLM_BASE_URL (it usually ends in /v1)`,
      details,
    );
  }
  return new LlmError(
    'LLM_BAD_REQUEST',
    `the LLM server refused the request for ${model} (${status}: ${detail}); check that LLM_MODEL exists and supports tool calling`,
    details,
  );
}
