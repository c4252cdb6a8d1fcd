import OpenAI from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Logger } from '../logger.ts';
import type { ChatModel, ChatRequest, ChatResponse } from './chat-model.ts';
import { classifyError } from './classify-error.ts';
import { type LlmAttempt, LlmError } from './errors.ts';
import { JSON_BODY, requestBody } from './openai-wire.ts';
import { parseCompletion } from './parse-response.ts';
import { retryAfterFromHeaders, retryDelayMs } from './retry-policy.ts';

/** Settings of an {@link OpenAIChatModel}; `createChatModel` fills them from the environment. */
export interface OpenAIProviderOptions {
  /** Shown in logs: `openrouter` or `openai-compatible`. */
  provider: string;
  baseURL: string;
  /** Optional for local servers (Ollama, llama.cpp) that ignore it. */
  apiKey?: string;
  /** Which variable holds the key, named in auth errors. */
  keyVariable: string;
  model: string;
  /** Tried in order when the model before keeps failing (5xx, 429, timeout, connection error). */
  fallbackModels?: string[];
  /** Extra headers on every request (OpenRouter's HTTP-Referer / X-Title). */
  headers?: Record<string, string>;
  /**
   * Retries of the same model before Ery moves to the next one (default 2), for 408/409/429/5xx
   * and lost connections, whether the status came over HTTP or inside a 200 body. Ery retries
   * itself (the SDK's retries are off) so that both paths follow one rule: see retry-policy.ts.
   */
  maxRetries?: number;
  /** First backoff between retries when the server names no Retry-After (default 500 ms, doubling). */
  retryBaseMs?: number;
  /** Per-attempt timeout when the request sets none (default 60 s). */
  timeoutMs?: number;
  /** How long a model that failed is tried after the healthy ones (default 60 s). */
  demoteMs?: number;
  /**
   * Which models are sent images (`LLM_VISION`): `true` for every one, a list for those named,
   * `false` (the default) for none. The others are told which images they cannot see.
   */
  vision?: boolean | readonly string[];
  now?: () => number;
  logger: Logger;
}

const NO_KEY = 'no-key';

/**
 * The {@link ChatModel} over the openai SDK, non-streaming (the agent needs whole tool calls, and a
 * whole reply is simpler to record in the step log). Each model gets `maxRetries` retries under
 * one rule for HTTP statuses and errors reported in a 200 body or choice (retry-policy.ts); a model
 * that still fails is demoted for a while, and the next one in `fallbackModels` is tried.
 */
export class OpenAIChatModel implements ChatModel {
  readonly label: string;
  readonly #client: OpenAI;
  readonly #options: OpenAIProviderOptions;
  readonly #models: string[];
  readonly #demotedUntil = new Map<string, number>();

  constructor(options: OpenAIProviderOptions) {
    if (!options.logger) throw new TypeError('OpenAIChatModel: logger is required');
    if (!options.model) throw new TypeError('OpenAIChatModel: model is required');
    this.#options = options;
    this.#models = [...new Set([options.model, ...(options.fallbackModels ?? [])])];
    this.label = `${options.provider} ${this.#models.join(' → ')}`;
    this.#client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey ?? NO_KEY,
      maxRetries: 0,
      timeout: options.timeoutMs ?? 60_000,
      defaultHeaders: options.headers,
    });
  }

  /** Healthy models in configured order, then demoted ones (still tried: better late than never). */
  #order(): string[] {
    const now = (this.#options.now ?? Date.now)();
    const healthy = this.#models.filter((model) => (this.#demotedUntil.get(model) ?? 0) <= now);
    const demoted = this.#models.filter((model) => !healthy.includes(model));
    return [...healthy, ...demoted];
  }

  async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const attempts: LlmAttempt[] = [];
    const hints = { keyVariable: this.#options.keyVariable, baseURL: this.#options.baseURL };
    let last: LlmError | undefined;
    for (const model of this.#order()) {
      if (signal?.aborted)
        throw new LlmError('LLM_ABORTED', `call to ${model} was aborted`, { model, attempts });
      try {
        const response = await this.#call(model, request, signal);
        this.#demotedUntil.delete(model);
        return response;
      } catch (thrown) {
        const error = classifyError(thrown, model, hints, signal);
        attempts.push({
          model,
          code: error.code,
          status: error.details.status ?? null,
          message: error.message,
        });
        if (!error.retryable) throw new LlmError(error.code, error.message, { ...error.details, attempts });
        last = error;
        const now = (this.#options.now ?? Date.now)();
        this.#demotedUntil.set(model, now + (this.#options.demoteMs ?? 60_000));
        this.#options.logger.warn(
          { event: 'llm.model.failed', model, code: error.code, status: error.details.status ?? null },
          `LLM model failed, trying the next one if any: ${error.message}`,
        );
      }
    }
    const summary = attempts.map((attempt) => `${attempt.model}: ${attempt.code}`).join('; ');
    throw new LlmError(
      last?.code ?? 'LLM_UNAVAILABLE',
      `every model failed (${summary}): ${last?.message ?? ''}`,
      {
        ...(last?.details ?? {}),
        attempts,
      },
    );
  }

  /**
   * One model, retries included, within one `timeoutMs`: a hung model is not retried with a fresh
   * timeout each time, or the fallback would come too late to matter. A retry whose wait would
   * not fit in what is left of the budget, or whose Retry-After is over 60 s, is not made: the
   * next model is tried instead.
   */
  async #call(model: string, request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const vision = this.#options.vision ?? false;
    const body = requestBody(
      model,
      request,
      vision === true || (Array.isArray(vision) && vision.includes(model)),
    );
    const timeout = request.timeoutMs ?? this.#options.timeoutMs ?? 60_000;
    const now = this.#options.now ?? Date.now;
    const endsAt = now() + timeout;
    const budget = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      budget.abort();
    }, timeout);
    const both = signal ? AbortSignal.any([signal, budget.signal]) : budget.signal;
    const hints = { keyVariable: this.#options.keyVariable, baseURL: this.#options.baseURL };
    const maxRetries = this.#options.maxRetries ?? 2;
    try {
      for (let retry = 0; ; retry += 1) {
        try {
          // The SDK's own route for chat.completions.create, given the body as JSON text.
          const { data, response } = await this.#client
            .post<ChatCompletion>('/chat/completions', {
              body,
              headers: JSON_BODY,
              signal: both,
              timeout: Math.max(1, endsAt - now()),
            })
            .withResponse();
          return parseCompletion(data as unknown, model, retryAfterFromHeaders(response.headers));
        } catch (thrown) {
          if (timedOut && !signal?.aborted) throw thrown;
          const error = classifyError(thrown, model, hints, signal);
          if (!error.details.retrySameModel || retry >= maxRetries) throw error;
          const wait = retryDelayMs(retry, this.#options.retryBaseMs ?? 500, error.details.retryAfterMs);
          if (now() + wait >= endsAt) throw error;
          this.#options.logger.debug(
            { event: 'llm.retry', model, code: error.code, status: error.details.status ?? null, wait },
            `LLM model failed; asking it again in ${Math.round(wait)} ms`,
          );
          await sleep(wait, both);
        }
      }
    } catch (error) {
      if (timedOut && !signal?.aborted) {
        throw new LlmError('LLM_TIMEOUT', `model ${model} did not answer within ${timeout} ms`, {
          model,
          cause: error,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
