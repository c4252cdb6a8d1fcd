import { describe, expect, test } from 'bun:test';
import { llmError, provider, request, server, useOpenAIServer } from './openai-provider.fixtures.ts';

useOpenAIServer();

describe('GIVEN a failing primary model and a fallback', () => {
  test('WHEN the primary answers 429 THEN the fallback answers after the SDK retries', async () => {
    const rateLimited = { error: { status: 429, headers: { 'retry-after': '0' } } };
    server.script('primary', rateLimited, rateLimited);
    server.script('backup', { reply: { content: 'from backup' } });
    const response = await provider().complete(request);
    expect(response.content).toBe('from backup');
    expect(response.model).toBe('backup');
    expect(server.calls('primary')).toHaveLength(2);
    expect(server.calls('backup')).toHaveLength(1);
  });

  test('WHEN the primary answers 500 then 503 THEN the fallback is used', async () => {
    server.script('primary', { error: { status: 500 } }, { error: { status: 503 } });
    server.script('backup', { reply: { content: 'ok' } });
    expect((await provider().complete(request)).model).toBe('backup');
    expect(server.calls('primary')).toHaveLength(2);
  });

  test('WHEN a 5xx clears on the SDK retry THEN the primary answers and no fallback is called', async () => {
    server.script('primary', { error: { status: 502 } }, { reply: { content: 'recovered' } });
    expect((await provider().complete(request)).content).toBe('recovered');
    expect(server.calls('backup')).toHaveLength(0);
  });

  test('WHEN the primary is too slow THEN the call times out and the fallback answers', async () => {
    server.script('primary', { delayMs: 10_000 });
    server.script('backup', { reply: { content: 'fast' } });
    const response = await provider({ maxRetries: 0 }).complete({ ...request, timeoutMs: 150 });
    expect(response.content).toBe('fast');
  });

  test('WHEN the primary hangs THEN the SDK does not retry it past the timeout before the fallback', async () => {
    server.script('primary', { delayMs: 10_000 }, { delayMs: 10_000 }, { delayMs: 10_000 });
    server.script('backup', { reply: { content: 'fast' } });
    const response = await provider({ maxRetries: 2 }).complete({ ...request, timeoutMs: 150 });
    expect(response.model).toBe('backup');
    expect(server.calls('primary')).toHaveLength(1);
  });

  test('WHEN every model times out THEN LLM_TIMEOUT names each attempt', async () => {
    server.script('primary', { delayMs: 10_000 });
    server.script('backup', { delayMs: 10_000 });
    const error = await llmError(provider({ maxRetries: 0 }).complete({ ...request, timeoutMs: 150 }));
    expect(error.code).toBe('LLM_TIMEOUT');
    expect(error.details.attempts?.map((attempt) => [attempt.model, attempt.code])).toEqual([
      ['primary', 'LLM_TIMEOUT'],
      ['backup', 'LLM_TIMEOUT'],
    ]);
  });

  test('WHEN every model is rate limited THEN LLM_RATE_LIMITED', async () => {
    server.script('*', ...Array.from({ length: 4 }, () => ({ error: { status: 429 } })));
    const error = await llmError(provider().complete(request));
    expect(error.code).toBe('LLM_RATE_LIMITED');
    expect(error.retryable).toBe(true);
  });

  test('WHEN the primary model does not exist (404) THEN the fallback is tried', async () => {
    server.script('primary', {
      error: { status: 404, message: 'model "primary" not found', code: 'model_not_found' },
    });
    server.script('backup', { reply: { content: 'ok' } });
    expect((await provider().complete(request)).model).toBe('backup');
  });

  test('WHEN the primary failed recently THEN the next call starts with the fallback', async () => {
    let now = 1_000;
    const model = provider({ maxRetries: 0, demoteMs: 60_000, now: () => now });
    server.script('primary', { error: { status: 503 } });
    server.script('backup', { reply: { content: 'one' } }, { reply: { content: 'two' } });
    await model.complete(request);
    await model.complete(request);
    expect(server.calls('primary')).toHaveLength(1);
    now += 60_001;
    server.script('primary', { reply: { content: 'back' } });
    expect((await model.complete(request)).model).toBe('primary');
  });
});
