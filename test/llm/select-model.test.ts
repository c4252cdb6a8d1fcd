import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { loadEnv } from '../../src/domain/config.ts';
import { DemoChatModel } from '../../src/llm/demo-model.ts';
import { OpenAIChatModel } from '../../src/llm/openai-provider.ts';
import { createChatModel } from '../../src/llm/select-model.ts';
import { silentLogger } from '../../src/logger.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { type OpenAIServer, startOpenAIServer } from '../support/openai-server.ts';

let server: OpenAIServer;
beforeEach(() => {
  server = startOpenAIServer();
});
afterEach(async () => {
  await server.close();
});

const request = { messages: [{ role: 'user' as const, content: 'hi' }], tools: [] };

describe('GIVEN the environment', () => {
  test('WHEN OPENROUTER_API_KEY is set THEN OpenRouter is used with its headers and the default model', async () => {
    const env = loadEnv({ OPENROUTER_API_KEY: 'or-key' });
    const model = createChatModel(env, silentLogger, {
      openRouterBaseURL: server.baseURL.replace(/\/v1$/, '/api/v1'),
    });
    expect(model).toBeInstanceOf(OpenAIChatModel);
    expect(model.label).toContain('openrouter');
    await model.complete(request);
    const sent = server.requests[0];
    expect(sent?.path).toBe('/api/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer or-key');
    expect(sent?.headers['http-referer']).toBeTruthy();
    expect(sent?.headers['x-title']).toBe('Ery');
    expect(sent?.body.model).toBe('openai/gpt-4o-mini');
  });

  test('WHEN LLM_BASE_URL, LLM_MODEL and fallbacks are set THEN that server and order are used', async () => {
    const env = loadEnv({
      LLM_BASE_URL: server.baseURL,
      LLM_MODEL: 'local-a',
      LLM_FALLBACK_MODELS: 'local-b',
    });
    server.script('local-a', { error: { status: 503 } });
    const model = createChatModel(env, silentLogger, { maxRetries: 0 });
    expect(model.label).toContain('local-a → local-b');
    expect((await model.complete(request)).model).toBe('local-b');
    expect(server.requests.map((r) => r.body.model)).toEqual(['local-a', 'local-b']);
  });

  test('WHEN LLM_BASE_URL is set without a key THEN requests still go out (local servers need none)', async () => {
    const model = createChatModel(loadEnv({ LLM_BASE_URL: server.baseURL }), silentLogger);
    expect((await model.complete(request)).content).toBe('(unscripted)');
    expect(server.requests).toHaveLength(1);
  });

  test('WHEN nothing is configured THEN the offline demo model is used', () => {
    const model = createChatModel(loadEnv({}), silentLogger);
    expect(model).toBeInstanceOf(DemoChatModel);
    expect(model.label).toContain('not an AI');
  });

  test('WHEN LLM_VISION lists a model Ery never calls THEN one warning names it, and none for the models it calls', () => {
    const { logger, lines } = captureLogger();
    const env = loadEnv({
      LLM_BASE_URL: server.baseURL,
      LLM_MODEL: 'local-a',
      LLM_FALLBACK_MODELS: 'local-b',
      LLM_VISION: 'local-b,gpt-4o',
    });
    createChatModel(env, logger);
    const warnings = lines.filter((line) => line.event === 'llm.vision.unknown_model');
    expect(warnings.map((line) => line.model)).toEqual(['gpt-4o']);
    expect(String(warnings[0]?.msg)).toContain('LLM_VISION');
  });
});
