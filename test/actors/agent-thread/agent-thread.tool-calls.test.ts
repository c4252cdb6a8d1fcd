import { describe, expect, test } from 'bun:test';
import { createMemoryStepLog } from '../../../actors/agent-thread/step-log.ts';
import { input, run, server, setup, useOpenAIServer } from './agent-thread.fixtures.ts';

useOpenAIServer();

describe('GIVEN an agent thread', () => {
  test('WHEN a call names an unknown tool or has broken JSON THEN the executor verdict goes back to the model', async () => {
    const { deps, executed } = setup();
    server.script(
      'agent',
      {
        reply: {
          toolCalls: [
            { id: 'a', name: 'launch_rockets', arguments: {} },
            { id: 'b', name: 'send_message', arguments: '{"content": ' },
          ],
        },
      },
      { reply: { content: null } },
    );
    const output = await run(deps, input());
    expect(executed).toHaveLength(0);
    expect(output.toolCalls.map((c) => c.decision)).toEqual(['invalid', 'invalid']);
    const fedBack = (server.requests[1]?.body.messages ?? []).filter((m) => m.role === 'tool');
    expect(fedBack.map((m) => m.content)).toEqual([
      '{"error":"unknown tool launch_rockets"}',
      '{"error":"arguments are not JSON"}',
    ]);
  });

  test('WHEN call ids repeat or are missing THEN each gets a unique id within its step', async () => {
    const { deps, executed } = setup();
    server.script(
      'agent',
      {
        json: {
          choices: [
            {
              message: {
                role: 'assistant',
                tool_calls: [
                  {
                    id: 'same',
                    type: 'function',
                    function: { name: 'send_message', arguments: '{"content":"a"}' },
                  },
                  {
                    id: 'same',
                    type: 'function',
                    function: { name: 'send_message', arguments: '{"content":"b"}' },
                  },
                  { type: 'function', function: { name: 'send_message', arguments: '{"content":"c"}' } },
                ],
              },
            },
          ],
        },
      },
      { reply: { content: null } },
    );
    const output = await run(deps, input());
    expect(executed.map((e) => e.call.id)).toEqual(['same', 'call_1_2', 'call_1_3']);
    expect(output.toolCalls.map((c) => c.callId)).toEqual(['same', 'call_1_2', 'call_1_3']);
  });

  test('WHEN a reply has more calls than allowed per step THEN the extra ones are skipped, not run', async () => {
    const { deps, executed } = setup({ maxToolCallsPerStep: 2 });
    server.script(
      'agent',
      {
        reply: {
          toolCalls: ['1', '2', '3'].map((n) => ({ id: n, name: 'send_message', arguments: { content: n } })),
        },
      },
      { reply: { content: null } },
    );
    const output = await run(deps, input());
    expect(executed).toHaveLength(2);
    expect(output.toolCalls.map((c) => c.ok)).toEqual([true, true, false]);
    const last = (server.requests[1]?.body.messages ?? []).at(-1);
    expect(String(last?.content)).toContain('skipped');
  });

  test('WHEN the executor throws THEN the model is told and the thread goes on', async () => {
    const { deps } = setup();
    deps.tools = {
      ...deps.tools,
      execute: async () => {
        throw new Error('boom');
      },
    };
    server.script(
      'agent',
      { reply: { toolCalls: [{ id: 'x', name: 'send_message', arguments: {} }] } },
      { reply: {} },
    );
    const output = await run(deps, input());
    expect(output.toolCalls[0]?.ok).toBe(false);
    expect(String((server.requests[1]?.body.messages ?? []).at(-1)?.content)).toContain('boom');
  });

  test('WHEN the history cannot be read THEN the thread still acts on the batch', async () => {
    const { deps } = setup({
      history: async () => {
        throw new Error('discord down');
      },
    });
    server.script('agent', { reply: { content: null } });
    const output = await run(deps, input());
    expect(output.steps).toBe(1);
    expect(server.requests[0]?.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  test('WHEN a recorded tool result is unreadable THEN the tool is not run again and the model is told', async () => {
    const steps = createMemoryStepLog();
    steps.put('t1:1:model', 't1', 1, 'model', {
      content: null,
      toolCalls: [{ id: 'c', name: 'send_message', arguments: '{"content":"x"}' }],
      usage: { promptTokens: 1, completionTokens: 1 },
      model: 'agent',
    });
    steps.put('t1:1:c', 't1', 1, 'tool', { garbage: true });
    const { deps, executed } = setup({ steps });
    server.script('agent', { reply: { content: null } });
    const output = await run(deps, input());
    expect(executed).toHaveLength(0);
    expect(output.toolCalls[0]).toMatchObject({ callId: 'c', ok: false, replayed: true });
    expect(String((server.requests[0]?.body.messages ?? []).at(-1)?.content)).toContain('RESULT_LOST');
  });
});
