import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LlmError } from './errors.ts';

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
 * Maps whatever the openai SDK threw for one model into an {@link LlmError}. Retryable codes let
 * the provider move to the next fallback model; the others carry a message saying what to fix.
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
      `cannot reach the LLM server at ${hints.baseURL} (${error.message}); check the URL and that the server is running`,
      base,
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const detail = serverMessage(error);
    const withStatus = { ...base, status };
    if (status === 429) {
      return new LlmError('LLM_RATE_LIMITED', `model ${model} is rate limited (429: ${detail})`, withStatus);
    }
    if (status >= 500 || status === 408 || status === 409) {
      return new LlmError(
        'LLM_UNAVAILABLE',
        `model ${model} failed on the server (${status}: ${detail})`,
        withStatus,
      );
    }
    if (status === 401) {
      return new LlmError(
        'LLM_AUTH',
        `the LLM server rejected the API key (401: ${detail}); check ${hints.keyVariable}`,
        withStatus,
      );
    }
    if (status === 403) {
      return new LlmError(
        'LLM_AUTH',
        `the API key may not use model ${model} (403: ${detail}); check ${hints.keyVariable} and the account's access`,
        withStatus,
      );
    }
    if (status === 404 && isModelNotFound(error)) {
      // Another model may exist where this one does not: treated like an outage of this model.
      return new LlmError(
        'LLM_UNAVAILABLE',
        `model ${model} was not found (404: ${detail}); check LLM_MODEL / LLM_FALLBACK_MODELS`,
        withStatus,
      );
    }
    if (status === 404) {
      return new LlmError(
        'LLM_BAD_REQUEST',
        `no chat completions endpoint at ${hints.baseURL} (404: ${detail}); check LLM_BASE_URL (it usually ends in /v1)`,
        withStatus,
      );
    }
    return new LlmError(
      'LLM_BAD_REQUEST',
      `the LLM server refused the request for ${model} (${status}: ${detail}); check that LLM_MODEL exists and supports tool calling`,
      withStatus,
    );
  }
  // A 200 whose body is not JSON surfaces as a SyntaxError from the SDK's parser.
  return new LlmError(
    'LLM_BAD_RESPONSE',
    `model ${model} sent a reply Ery cannot read (${error instanceof Error ? error.message : String(error)})`,
    base,
  );
}
