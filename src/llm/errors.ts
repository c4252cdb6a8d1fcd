import { EryError } from '../domain/errors.ts';

/**
 * Stable codes of {@link LlmError}. Callers branch on these, never on the message.
 * - `LLM_UNAVAILABLE`: connection failed or the server answered 5xx, after retries and fallbacks;
 *   also an error the provider reported inside a 200 body or a choice (`finish_reason "error"`).
 * - `LLM_RATE_LIMITED`: 429 from every model tried (as an HTTP status or inside a 200 body).
 * - `LLM_TIMEOUT`: no answer within the per-call timeout.
 * - `LLM_BAD_RESPONSE`: the reply could not be understood (no choices, bad tool call shape, not JSON).
 * - `LLM_ABORTED`: the caller's signal aborted the call.
 * - `LLM_AUTH`: the key was rejected (401) or lacks access (403).
 * - `LLM_BAD_REQUEST`: the server refused the request itself (400/404/422): model, URL or tool support.
 */
export type LlmErrorCode =
  | 'LLM_UNAVAILABLE'
  | 'LLM_RATE_LIMITED'
  | 'LLM_TIMEOUT'
  | 'LLM_BAD_RESPONSE'
  | 'LLM_ABORTED'
  | 'LLM_AUTH'
  | 'LLM_BAD_REQUEST';

/** One failed attempt on one model, kept so the final error can say what happened to each. */
export interface LlmAttempt {
  model: string;
  code: LlmErrorCode;
  status: number | null;
  message: string;
}

/** Any failure of a {@link ChatModel} call. `retryable` says whether another model may fare better. */
export class LlmError extends EryError {
  override readonly code: LlmErrorCode;
  constructor(
    code: LlmErrorCode,
    message: string,
    readonly details: {
      status?: number | null;
      model?: string;
      attempts?: LlmAttempt[];
      cause?: unknown;
      /** True when the same model is worth asking again (408/409/429/5xx, connection lost). */
      retrySameModel?: boolean;
      /** How long the server asked to wait before that retry (Retry-After), in ms. */
      retryAfterMs?: number;
    } = {},
  ) {
    super(code, message, { cause: details.cause });
    this.code = code;
  }

  /** True for failures worth trying the next fallback model for. */
  get retryable(): boolean {
    return (
      this.code === 'LLM_UNAVAILABLE' ||
      this.code === 'LLM_RATE_LIMITED' ||
      this.code === 'LLM_TIMEOUT' ||
      this.code === 'LLM_BAD_RESPONSE'
    );
  }
}
