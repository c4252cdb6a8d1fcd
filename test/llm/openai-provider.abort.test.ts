import { describe, expect, test } from 'bun:test';
import { llmError, provider, request, server, useOpenAIServer } from './openai-provider.fixtures.ts';

useOpenAIServer();

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
