import { describe, expect, test } from 'bun:test';
import { createActor, toPromise } from 'xstate';
import { createAgentThread } from '../../../actors/agent-thread/agent-thread.ts';
import type { AgentThreadInput } from '../../../actors/agent-thread/types.ts';
import { DemoChatModel } from '../../../src/llm/demo-model.ts';
import { input, run, server, setup, useOpenAIServer } from './agent-thread.fixtures.ts';
import { chatMessage } from './memory-tools.ts';

useOpenAIServer();

describe('GIVEN the actor logic', () => {
  test('WHEN invoked through xstate THEN its output is the thread summary', async () => {
    const { deps } = setup();
    server.script(
      'agent',
      {
        reply: {
          toolCalls: [{ id: 'r', name: 'add_reaction', arguments: { message_id: '1', emoji: '👍' } }],
        },
      },
      { reply: { content: null } },
    );
    const actor = createActor(createAgentThread(deps), {
      input: { ...input(), trigger: 'mention' } as AgentThreadInput,
    });
    actor.start();
    const output = await toPromise(actor);
    expect(output).toMatchObject({
      threadId: 't1',
      steps: 2,
      stoppedBecause: 'no_tool_call',
      replayedSteps: 0,
    });
    expect(output.toolCalls).toHaveLength(1);
  });

  test('WHEN a required dependency is missing THEN creation throws a TypeError naming it', () => {
    const { deps } = setup();
    expect(() => createAgentThread({ ...deps, steps: undefined as never })).toThrow(/steps is required/);
    expect(() => createAgentThread({ ...deps, maxSteps: 0 })).toThrow(TypeError);
  });

  test('WHEN the offline demo model drives it THEN it greets through a tool and ends on the next step', async () => {
    const { deps, executed } = setup({ model: new DemoChatModel() });
    const hello = chatMessage('hello everyone');
    const output = await run(deps, input([hello]));
    expect(executed.map((e) => e.call.name)).toEqual(['reply_to_message']);
    expect(JSON.parse(executed[0]?.call.arguments ?? '{}').message_id).toBe(hello.id);
    expect(output).toMatchObject({ steps: 2, stoppedBecause: 'no_tool_call', model: 'ery-offline-demo' });
  });
});
