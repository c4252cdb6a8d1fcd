import { expect } from 'bun:test';
import type { ChatRequest } from '../../src/llm/chat-model.ts';
import { LlmError } from '../../src/llm/errors.ts';
import { OpenAIChatModel, type OpenAIProviderOptions } from '../../src/llm/openai-provider.ts';
import { silentLogger } from '../../src/logger.ts';
import { thrownBy } from '../support/errors.ts';
import { server } from '../support/use-openai-server.ts';

export const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are a test.' },
    { role: 'user', content: 'hello' },
  ],
  tools: [
    {
      name: 'send_message',
      description: 'Send a message',
      parameters: { type: 'object', properties: { content: { type: 'string' } }, required: ['content'] },
    },
  ],
};

export function provider(options: Partial<OpenAIProviderOptions> = {}): OpenAIChatModel {
  return new OpenAIChatModel({
    provider: 'test',
    baseURL: server.baseURL,
    apiKey: 'sk-test',
    keyVariable: 'LLM_API_KEY',
    model: 'primary',
    fallbackModels: ['backup'],
    maxRetries: 1,
    timeoutMs: 5_000,
    logger: silentLogger,
    ...options,
  });
}

export async function llmError(promise: Promise<unknown>): Promise<LlmError> {
  const error = await thrownBy(promise);
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

export { server, useOpenAIServer } from '../support/use-openai-server.ts';
