import { describe, expect, test } from 'bun:test';
import { OPENROUTER_502_BODY, partsBesideToolCall } from '../support/model-replies.ts';
import { llmError, provider, request, server, useOpenAIServer } from './openai-provider.fixtures.ts';

useOpenAIServer();

describe('GIVEN what real model servers send (issue 7 §4)', () => {
  const openRouter502 = { json: OPENROUTER_502_BODY };

  test('WHEN a 200 body holds error 502 and no choices THEN it is retried like an HTTP 502, then the fallback answers', async () => {
    server.script('primary', openRouter502, openRouter502, openRouter502);
    server.script('backup', { reply: { content: 'from backup' } });
    const response = await provider({ maxRetries: 2, retryBaseMs: 1 }).complete(request);
    expect(response.model).toBe('backup');
    expect(server.calls('primary')).toHaveLength(3);
  });

  test('WHEN HTTP 502 and 200-body 502 each fail every time THEN both get the same number of calls', async () => {
    server.script('http', ...Array.from({ length: 3 }, () => ({ error: { status: 502 } })));
    server.script('body', openRouter502, openRouter502, openRouter502);
    const options = { fallbackModels: [], maxRetries: 2, retryBaseMs: 1 };
    const http = await llmError(provider({ ...options, model: 'http' }).complete(request));
    const body = await llmError(provider({ ...options, model: 'body' }).complete(request));
    expect(server.calls('http')).toHaveLength(3);
    expect(server.calls('body')).toHaveLength(3);
    expect([http.code, body.code]).toEqual(['LLM_UNAVAILABLE', 'LLM_UNAVAILABLE']);
    expect(body.details.status).toBe(502);
  });

  test('WHEN a 200-body 502 clears on the retry THEN the primary answers', async () => {
    server.script('primary', openRouter502, { reply: { content: 'recovered' } });
    expect((await provider({ retryBaseMs: 1 }).complete(request)).content).toBe('recovered');
    expect(server.calls('backup')).toHaveLength(0);
  });

  test('WHEN a 200 body says 429 with a Retry-After header THEN the wait is honoured before the retry', async () => {
    const limited = { json: { error: { message: 'rate', code: '429' } }, headers: { 'retry-after-ms': '5' } };
    server.script('primary', limited, { reply: { content: 'later' } });
    const response = await provider({ fallbackModels: [], retryBaseMs: 60_000 }).complete(request);
    expect(response.content).toBe('later');
  });

  test('WHEN the server asks for a wait longer than the time left THEN the next model is tried at once', async () => {
    server.script('primary', {
      json: { error: { code: 429, message: 'rate', metadata: { retry_after: 30 } } },
    });
    server.script('backup', { reply: { content: 'ok' } });
    const response = await provider({ timeoutMs: 2_000 }).complete(request);
    expect(response.model).toBe('backup');
    expect(server.calls('primary')).toHaveLength(1);
  });

  test.each([401, 403, 400])(
    'WHEN a 200 body says %d THEN it is not retried and no fallback is tried',
    async (code) => {
      server.script('primary', { json: { error: { message: 'no', code } } });
      const error = await llmError(provider({ retryBaseMs: 1 }).complete(request));
      expect(error.details.status).toBe(code);
      expect(server.calls('primary')).toHaveLength(1);
      expect(server.calls('backup')).toHaveLength(0);
    },
  );

  test('WHEN a choice ends with finish_reason "error" THEN it is retried, then the fallback answers', async () => {
    const failed = { choice: { finish_reason: 'error', message: { role: 'assistant', content: '' } } };
    server.script('primary', failed, failed);
    server.script('backup', { reply: { content: 'fine' } });
    expect((await provider({ retryBaseMs: 1 }).complete(request)).model).toBe('backup');
    expect(server.calls('primary')).toHaveLength(2);
  });

  test('WHEN a choice carries an error object THEN it is a model error, not a reply', async () => {
    server.script('primary', {
      choice: {
        error: { code: 502, message: 'upstream died' },
        message: { role: 'assistant', content: null },
      },
    });
    const error = await llmError(provider({ fallbackModels: [], maxRetries: 0 }).complete(request));
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.message).toContain('upstream died');
  });

  test('WHEN content is a list of parts beside a valid tool call (issue 7 example) THEN the call comes back', async () => {
    server.script('primary', { choice: partsBesideToolCall('hi', 'call_9') });
    const response = await provider({ fallbackModels: [] }).complete(request);
    expect(response.toolCalls).toEqual([
      { id: 'call_9', name: 'send_message', arguments: '{"content":"hi"}' },
    ]);
    expect(server.calls('primary')).toHaveLength(1);
  });
});
