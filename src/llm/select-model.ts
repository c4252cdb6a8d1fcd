import type { Env } from '../domain/config.ts';
import type { Logger } from '../logger.ts';
import type { ChatModel } from './chat-model.ts';
import { createDemoModel } from './demo-model.ts';
import { OpenAIChatModel } from './openai-provider.ts';

export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Cheap, fast and reliable at tool calling. */
export const DEFAULT_OPENROUTER_MODEL = 'openai/gpt-4o-mini';
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
/** A common tool-capable model on local servers such as Ollama. */
export const DEFAULT_LOCAL_MODEL = 'llama3.1';
/** OpenRouter's recommended attribution headers. */
export const OPENROUTER_HEADERS = { 'HTTP-Referer': 'https://github.com/ery-bot/ery', 'X-Title': 'Ery' };

type LlmEnv = Pick<
  Env,
  'OPENROUTER_API_KEY' | 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL' | 'LLM_FALLBACK_MODELS'
> &
  Partial<Pick<Env, 'LLM_VISION'>>;

/** Knobs for tests and tuning; production uses the defaults. */
export interface CreateChatModelOptions {
  /** Points the OpenRouter provider elsewhere (tests use a local scripted server). */
  openRouterBaseURL?: string;
  maxRetries?: number;
  /** First wait between retries of one model, in ms (default 500); tests make it short. */
  retryBaseMs?: number;
  timeoutMs?: number;
}

/**
 * Picks the chat model from the environment:
 * 1. `OPENROUTER_API_KEY` → OpenRouter (`LLM_MODEL`, default {@link DEFAULT_OPENROUTER_MODEL});
 * 2. else `LLM_BASE_URL` and/or `LLM_API_KEY` → any OpenAI-compatible server (OpenAI itself when
 *    only the key is set); the key is optional for local servers;
 * 3. else the offline demo model, with a warning that it is not an AI.
 * `LLM_FALLBACK_MODELS` applies to 1 and 2.
 */
export function createChatModel(
  env: LlmEnv,
  logger: Logger,
  options: CreateChatModelOptions = {},
): ChatModel {
  const common = {
    fallbackModels: env.LLM_FALLBACK_MODELS,
    vision: env.LLM_VISION,
    maxRetries: options.maxRetries,
    retryBaseMs: options.retryBaseMs,
    timeoutMs: options.timeoutMs,
    logger,
  };
  let model: ChatModel;
  let modelId: string;
  if (env.OPENROUTER_API_KEY) {
    if (env.LLM_BASE_URL) {
      logger.warn({ event: 'llm.config' }, 'OPENROUTER_API_KEY is set, so LLM_BASE_URL is ignored');
    }
    modelId = env.LLM_MODEL ?? DEFAULT_OPENROUTER_MODEL;
    model = new OpenAIChatModel({
      ...common,
      provider: 'openrouter',
      baseURL: options.openRouterBaseURL ?? OPENROUTER_BASE_URL,
      apiKey: env.OPENROUTER_API_KEY,
      keyVariable: 'OPENROUTER_API_KEY',
      model: modelId,
      headers: OPENROUTER_HEADERS,
    });
  } else if (env.LLM_BASE_URL || env.LLM_API_KEY) {
    const baseURL = env.LLM_BASE_URL ?? OPENAI_BASE_URL;
    modelId = env.LLM_MODEL ?? (baseURL === OPENAI_BASE_URL ? DEFAULT_OPENAI_MODEL : DEFAULT_LOCAL_MODEL);
    model = new OpenAIChatModel({
      ...common,
      provider: 'openai-compatible',
      baseURL,
      apiKey: env.LLM_API_KEY,
      keyVariable: 'LLM_API_KEY',
      model: modelId,
    });
  } else {
    return createDemoModel(logger);
  }
  logger.info({ event: 'llm.model.selected', model: model.label }, `LLM: ${model.label}`);
  warnUnusedVisionIds(env.LLM_VISION, [modelId, ...(env.LLM_FALLBACK_MODELS ?? [])], logger);
  return model;
}

/**
 * Warns (`llm.vision.unknown_model`) for each model id `LLM_VISION` lists that Ery never calls (it
 * is neither `LLM_MODEL` nor one of `LLM_FALLBACK_MODELS`): a typo there silently keeps every image
 * from the model, which is told only that it cannot see them.
 */
function warnUnusedVisionIds(vision: Env['LLM_VISION'] | undefined, used: string[], logger: Logger): void {
  if (!Array.isArray(vision)) return;
  for (const id of vision.filter((listed) => !used.includes(listed))) {
    logger.warn(
      { event: 'llm.vision.unknown_model', model: id, models: used },
      `LLM_VISION names ${id}, which is neither LLM_MODEL nor in LLM_FALLBACK_MODELS (${used.join(', ')}): no images go to it; check the spelling`,
    );
  }
}
