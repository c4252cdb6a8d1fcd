import { describe, expect, test } from 'bun:test';
import { provider, request, server, useOpenAIServer } from './openai-provider.fixtures.ts';

useOpenAIServer();

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
