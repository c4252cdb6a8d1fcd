import { OpenAIChatModel } from '../../../src/llm/openai-provider.ts';
import { silentLogger } from '../../../src/logger.ts';
import type { OpenAIServer } from '../../support/openai-server.ts';

/** The real openai-SDK provider pointed at the scripted server, model `agent`, no SDK retries. */
export function scriptedModel(server: OpenAIServer): OpenAIChatModel {
  return new OpenAIChatModel({
    provider: 'test',
    baseURL: server.baseURL,
    keyVariable: 'LLM_API_KEY',
    model: 'agent',
    maxRetries: 0,
    logger: silentLogger,
  });
}
