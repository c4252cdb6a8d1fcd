import { describe, expect, test } from 'bun:test';
import { llmError, provider, request, server, useOpenAIServer } from './openai-provider.fixtures.ts';

useOpenAIServer();

describe('GIVEN an error that another model cannot fix', () => {
  test('WHEN the key is rejected (401) THEN it fails fast naming the variable to check', async () => {
    server.script('primary', { error: { status: 401, message: 'Invalid API key' } });
    const error = await llmError(provider().complete(request));
    expect(error.code).toBe('LLM_AUTH');
    expect(error.message).toContain('LLM_API_KEY');
    expect(error.message).toContain('Invalid API key');
    expect(server.calls('primary')).toHaveLength(1);
    expect(server.calls('backup')).toHaveLength(0);
  });

  test('WHEN the request is refused (400) THEN LLM_BAD_REQUEST without fallback', async () => {
    server.script('primary', { error: { status: 400, message: 'tools are not supported' } });
    const error = await llmError(provider().complete(request));
    expect(error.code).toBe('LLM_BAD_REQUEST');
    expect(error.message).toContain('tool calling');
    expect(server.calls('backup')).toHaveLength(0);
  });

  test('WHEN the URL has no chat endpoint (404 not about a model) THEN it says to check LLM_BASE_URL', async () => {
    const error = await llmError(provider({ baseURL: `${server.baseURL}/wrong` }).complete(request));
    expect(error.code).toBe('LLM_BAD_REQUEST');
    expect(error.message).toContain('LLM_BASE_URL');
    expect(server.requests).toHaveLength(0);
  });
});

describe('GIVEN a malformed reply', () => {
  test('WHEN the body has no choices THEN LLM_BAD_RESPONSE', async () => {
    server.script('primary', { json: { id: 'x', object: 'chat.completion', choices: [] } });
    const error = await llmError(provider({ fallbackModels: [] }).complete(request));
    expect(error.code).toBe('LLM_BAD_RESPONSE');
  });

  const UNREADABLE: Array<[string, { body: string; contentType?: string }]> = [
    ['truncated JSON', { body: '{"id":"x","object":"chat.completion","choices":[{"message":{"role":"assis' }],
    ['an HTML page sent as JSON', { body: '<html><body>502 Bad Gateway</body></html>' }],
    ['an HTML page', { body: '<html><body>502 Bad Gateway</body></html>', contentType: 'text/html' }],
    ['plain text', { body: 'upstream connect error', contentType: 'text/plain' }],
  ];
  for (const [what, raw] of UNREADABLE) {
    test(`WHEN a 200 body is ${what} once THEN the same model is asked again, like after a 502, and its answer is used`, async () => {
      server.script('primary', { raw }, { reply: { content: 'whole' } });
      const reply = await provider({ fallbackModels: [] }).complete(request);
      expect(reply.content).toBe('whole');
      expect(server.calls('primary')).toHaveLength(2);
    });

    test(`WHEN every 200 body is ${what} THEN it is retried as often as a 502, then fails as unavailable`, async () => {
      server.script('primary', { raw }, { raw });
      server.script('primary-502', { error: { status: 502 } }, { error: { status: 502 } });
      const error = await llmError(provider({ fallbackModels: [] }).complete(request));
      const after502 = await llmError(
        provider({ model: 'primary-502', fallbackModels: [] }).complete(request),
      );
      expect(server.calls('primary')).toHaveLength(server.calls('primary-502').length);
      expect(server.calls('primary')).toHaveLength(2);
      expect(error.code).toBe(after502.code);
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('not JSON');
    });
  }

  test('WHEN a tool call has no function name THEN LLM_BAD_RESPONSE', async () => {
    server.script('primary', {
      json: {
        choices: [
          { message: { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: {} }] } },
        ],
      },
    });
    const error = await llmError(provider({ fallbackModels: [] }).complete(request));
    expect(error.code).toBe('LLM_BAD_RESPONSE');
    expect(error.message).toContain('no name');
  });

  test('WHEN the primary sends garbage THEN the fallback is tried', async () => {
    server.script('primary', { json: { choices: null } });
    server.script('backup', { reply: { content: 'sane' } });
    expect((await provider().complete(request)).content).toBe('sane');
  });
});
