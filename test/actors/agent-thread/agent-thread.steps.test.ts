import { describe, expect, test } from 'bun:test';
import { createMemoryStepLog, modelStepKey } from '../../../actors/agent-thread/step-log.ts';
import { readGiven, readModelReply } from '../../../actors/agent-thread/step-records.ts';
import { NEW_BATCH_HEADER, parseTranscript } from '../../../src/llm/context.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { input, run, server, setup, useOpenAIServer } from './agent-thread.fixtures.ts';
import { chatMessage } from './memory-tools.ts';

useOpenAIServer();

describe('GIVEN an agent thread', () => {
  test('WHEN the model calls no tool THEN the thread stops after one step', async () => {
    const { deps, executed } = setup();
    server.script('agent', { reply: { content: null } });
    const output = await run(deps, input());
    expect(output).toMatchObject({ threadId: 't1', steps: 1, stoppedBecause: 'no_tool_call', toolCalls: [] });
    expect(executed).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  test('THEN the first request carries the prompt, rules, history and the NEW batch with ids', async () => {
    const { deps, historyCalls } = setup();
    const batch = [chatMessage('first'), chatMessage('second @Ery', { mentionsBot: true })];
    server.script(
      'agent',
      { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'hi' } }] } },
      { reply: { content: null } },
    );
    await run(deps, input(batch));
    expect(historyCalls).toEqual([{ channelId: '200', before: batch[0]?.id ?? '', limit: 30 }]);
    const [system, history, fresh] = server.requests[0]?.body.messages ?? [];
    expect(system?.role).toBe('system');
    expect(String(system?.content)).toContain('Be kind.');
    expect(parseTranscript(String(history?.content)).map((line) => line.id)).toEqual(['800001']);
    expect(String(fresh?.content).startsWith(NEW_BATCH_HEADER)).toBe(true);
    expect(parseTranscript(String(fresh?.content)).map((line) => line.id)).toEqual(batch.map((m) => m.id));
    expect(server.requests[0]?.body.tools).toHaveLength(3);
  });

  test('WHEN the model calls tools THEN they run in order and their results are fed back', async () => {
    const { deps, executed } = setup();
    server.script(
      'agent',
      {
        reply: {
          content: 'I will greet',
          toolCalls: [
            { id: 'c1', name: 'add_reaction', arguments: { message_id: '1', emoji: '👀' } },
            { id: 'c2', name: 'send_message', arguments: { content: 'hi!' } },
          ],
        },
      },
      { reply: { content: null } },
    );
    const thread = input();
    const output = await run(deps, thread);
    expect(executed.map((e) => e.call.name)).toEqual(['add_reaction', 'send_message']);
    expect(executed[0]?.ctx).toEqual({
      threadId: 't1',
      guildId: '100',
      channelId: '200',
      step: 1,
      batch: thread.messages,
    });
    const second = server.requests[1]?.body.messages ?? [];
    expect(second.slice(-3)).toEqual([
      {
        role: 'assistant',
        content: 'I will greet',
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'add_reaction', arguments: '{"message_id":"1","emoji":"👀"}' },
          },
          { id: 'c2', type: 'function', function: { name: 'send_message', arguments: '{"content":"hi!"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '{"ok":true,"tool":"add_reaction","n":1}' },
      { role: 'tool', tool_call_id: 'c2', content: '{"ok":true,"tool":"send_message","n":2}' },
    ]);
    expect(output.steps).toBe(2);
    expect(output.stoppedBecause).toBe('no_tool_call');
    expect(output.toolCalls.map((c) => [c.step, c.callId, c.name, c.decision, c.replayed])).toEqual([
      [1, 'c1', 'add_reaction', 'allowed', false],
      [1, 'c2', 'send_message', 'allowed', false],
    ]);
  });

  test('WHEN the model is called twice THEN each model row holds what it was given, the new turns only the second time', async () => {
    const steps = createMemoryStepLog();
    const { deps } = setup({ steps });
    server.script(
      'agent',
      { reply: { toolCalls: [{ id: 'c1', name: 'send_message', arguments: { content: 'hi!' } }] } },
      { reply: { content: null } },
    );
    await run(deps, input());
    const first = readGiven(steps.entries.get(modelStepKey('t1', 1)));
    const second = readGiven(steps.entries.get(modelStepKey('t1', 2)));
    // The reply reads as before: what was given stays beside it, out of a replay's way.
    expect(readModelReply(steps.entries.get(modelStepKey('t1', 1)))).not.toHaveProperty('given');
    if (!first || !second) throw new Error('a prompt was not recorded');
    const given = [...first.turns.slice(0, second.from), ...second.turns];
    const sent = server.requests.map((request) =>
      request.body.messages.map((message) => String(message.role)),
    );
    expect(first.from).toBe(0);
    expect(first.turns.map((turn) => turn.role)).toEqual(sent[0] ?? []);
    expect(second.from).toBe(first.turns.length);
    expect(second.turns.map((turn) => turn.role)).toEqual(['assistant', 'tool']);
    expect(given.map((turn) => turn.role)).toEqual(sent[1] ?? []);
    expect(given[0]?.content).toBe(server.requests[1]?.body.messages[0]?.content);
    const offered = (server.requests[0]?.body.tools ?? []) as Array<{ function: { name: string } }>;
    expect(first.tools).toEqual(offered.map((tool) => tool.function.name));
  });

  test('WHEN the model keeps calling tools THEN it stops at maxSteps', async () => {
    const { deps, executed } = setup({ maxSteps: 3 });
    server.script(
      'agent',
      ...Array.from({ length: 5 }, () => ({
        reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'again' } }] },
      })),
    );
    const output = await run(deps, input());
    expect(output.stoppedBecause).toBe('max_steps');
    expect(output.steps).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(executed).toHaveLength(3);
  });

  test('WHEN the model writes plain text without a tool call THEN it is logged and never posted', async () => {
    const { logger, lines } = captureLogger();
    const { deps, executed } = setup({ logger });
    server.script('agent', { reply: { content: 'Hello everyone, I am here!' } });
    const output = await run(deps, input());
    expect(output.stoppedBecause).toBe('no_tool_call');
    expect(executed).toHaveLength(0);
    const ignored = lines.find((line) => line.event === 'agent.text_ignored');
    expect(ignored?.text).toBe('Hello everyone, I am here!');
    expect(ignored?.threadId).toBe('t1');
  });

  test('THEN usage is reported per model call and summed in the output', async () => {
    const reports: Array<[string, number, number, string]> = [];
    const { deps } = setup({
      usage: (id, u, model) => reports.push([id, u.promptTokens, u.completionTokens, model]),
    });
    server.script(
      'agent',
      {
        reply: {
          toolCalls: [{ name: 'send_message', arguments: { content: 'x' } }],
          usage: { prompt_tokens: 100, completion_tokens: 7 },
        },
      },
      { reply: { usage: { prompt_tokens: 150, completion_tokens: 3 }, model: 'agent-v2' } },
    );
    const output = await run(deps, input());
    expect(reports).toEqual([
      ['t1', 100, 7, 'agent'],
      ['t1', 150, 3, 'agent-v2'],
    ]);
    expect(output.usage).toEqual({ promptTokens: 250, completionTokens: 10 });
    expect(output.model).toBe('agent-v2');
  });
});
