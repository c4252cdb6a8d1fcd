import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import type { ChatRequest } from '../../src/llm/chat-model.ts';
import { LlmError } from '../../src/llm/errors.ts';
import { OpenAIChatModel, type OpenAIProviderOptions } from '../../src/llm/openai-provider.ts';
import { silentLogger } from '../../src/logger.ts';
import { thrownBy } from '../support/errors.ts';
import { OPENROUTER_502_BODY, partsBesideToolCall } from '../support/model-replies.ts';
import { type OpenAIServer, startOpenAIServer } from '../support/openai-server.ts';

let server: OpenAIServer;
beforeEach(() => {
  server = startOpenAIServer();
});
afterEach(async () => {
  await server.close();
});

const request: ChatRequest = {
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

function provider(options: Partial<OpenAIProviderOptions> = {}): OpenAIChatModel {
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

async function llmError(promise: Promise<unknown>): Promise<LlmError> {
  const error = await thrownBy(promise);
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe('GIVEN a healthy model', () => {
  test('WHEN it calls tools THEN the calls, usage and model come back parsed', async () => {
    server.script('primary', {
      reply: {
        content: 'thinking',
        toolCalls: [
          { id: 'call_a', name: 'send_message', arguments: { content: 'hi' } },
          { id: 'call_b', name: 'add_reaction', arguments: '{"emoji":"👀"}' },
        ],
        usage: { prompt_tokens: 120, completion_tokens: 30 },
        model: 'primary-2024',
      },
    });
    const response = await provider().complete(request);
    expect(response).toEqual({
      content: 'thinking',
      toolCalls: [
        { id: 'call_a', name: 'send_message', arguments: '{"content":"hi"}' },
        { id: 'call_b', name: 'add_reaction', arguments: '{"emoji":"👀"}' },
      ],
      usage: { promptTokens: 120, completionTokens: 30 },
      model: 'primary-2024',
    });
    const sent = server.calls('primary')[0];
    expect(sent?.body.messages).toEqual(request.messages as unknown as Array<Record<string, unknown>>);
    // The same tools in the Chat Completions API's words: the adapter converts Ery's definitions.
    expect(sent?.body.tools).toEqual(request.tools.map((tool) => ({ type: 'function', function: tool })));
    expect(sent?.body.stream).toBeUndefined();
    expect(sent?.headers.authorization).toBe('Bearer sk-test');
  });

  test('WHEN the request has no tools THEN no tools field is sent', async () => {
    server.script('primary', { reply: { content: 'ok' } });
    await provider().complete({ ...request, tools: [] });
    expect(server.calls('primary')[0]?.body).not.toHaveProperty('tools');
  });

  test('WHEN tool arguments are not valid JSON THEN they pass through raw for the executor to judge', async () => {
    server.script('primary', {
      reply: { toolCalls: [{ id: 'c1', name: 'no_such_tool', arguments: '{"a": ' }] },
    });
    const response = await provider().complete(request);
    expect(response.toolCalls).toEqual([{ id: 'c1', name: 'no_such_tool', arguments: '{"a": ' }]);
    expect(response.content).toBeNull();
  });
});

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

describe('GIVEN the caller aborts', () => {
  test('WHEN the signal aborts mid-request THEN LLM_ABORTED and the HTTP request is cancelled', async () => {
    server.script('primary', { delayMs: 10_000 });
    const controller = new AbortController();
    const pending = provider().complete(request, controller.signal);
    await server.waitForRequests(1);
    controller.abort();
    const error = await llmError(pending);
    expect(error.code).toBe('LLM_ABORTED');
    expect(server.calls('backup')).toHaveLength(0);
    for (let i = 0; i < 50 && !server.requests[0]?.aborted; i += 1) await Bun.sleep(10);
    expect(server.requests[0]?.aborted).toBe(true);
  });

  test('WHEN the signal is already aborted THEN no request is sent', async () => {
    const error = await llmError(provider().complete(request, AbortSignal.abort()));
    expect(error.code).toBe('LLM_ABORTED');
    expect(server.requests).toHaveLength(0);
  });
});

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
