import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { createActor, toPromise } from 'xstate';
import { createAgentThread } from '../../../actors/agent-thread/agent-thread.ts';
import type { AgentThreadError } from '../../../actors/agent-thread/errors.ts';
import { runAgentThread } from '../../../actors/agent-thread/run-thread.ts';
import { SILENCE_NUDGE } from '../../../actors/agent-thread/silence.ts';
import { createMemoryStepLog } from '../../../actors/agent-thread/step-log.ts';
import type { AgentThreadDeps, AgentThreadInput } from '../../../actors/agent-thread/types.ts';
import { silentLogger } from '../../../src/logger.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { thrownBy } from '../../support/errors.ts';
import { toolCallAsText } from '../../support/model-replies.ts';
import { type OpenAIServer, startOpenAIServer } from '../../support/openai-server.ts';
import { chatMessage, memoryTools } from './memory-tools.ts';
import { scriptedModel } from './scripted-model.ts';

/** Issue 7 §4: a turn addressed to Ery must not end in silence recorded as done. */
let server: OpenAIServer;
beforeEach(() => {
  server = startOpenAIServer();
});
afterEach(async () => {
  await server.close();
});

function setup(overrides: Partial<AgentThreadDeps> = {}) {
  const tools = memoryTools();
  const deps: AgentThreadDeps = {
    model: scriptedModel(server),
    tools: tools.executor,
    history: async () => [],
    steps: createMemoryStepLog(),
    logger: silentLogger,
    ...overrides,
  };
  return { deps, executed: tools.executed };
}

const mention = () => chatMessage('<@1> hello', { mentionsBot: true });
const thread = (messages = [mention()]): AgentThreadInput => ({
  channelId: '200',
  guildId: '100',
  messages,
  threadId: 't-silent',
});
const run = (deps: AgentThreadDeps, input = thread()) =>
  runAgentThread(deps, input, new AbortController().signal);
const lastTurn = (request = 1) => server.requests[request]?.body.messages.at(-1);

describe('GIVEN a mention and a model that writes its call as text', () => {
  test('WHEN it is the vLLM/Qwen <tool_call> example with tool_calls [] THEN send_message runs', async () => {
    const { deps, executed } = setup();
    server.script('agent', { choice: toolCallAsText('Hi Alice!') }, { reply: { content: null } });
    const output = await run(deps);
    expect(executed.map((call) => [call.call.name, JSON.parse(call.call.arguments)])).toEqual([
      ['send_message', { content: 'Hi Alice!' }],
    ]);
    expect(output.toolCalls[0]).toMatchObject({ callId: 'call_1_1', name: 'send_message', ok: true });
    // The call goes back to the model as a real call, paired with its result.
    const [assistant, result] = server.requests[1]?.body.messages.slice(-2) ?? [];
    expect(assistant).toMatchObject({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1_1' }] });
    expect(result).toMatchObject({ role: 'tool', tool_call_id: 'call_1_1' });
  });

  test('WHEN the text names a tool that does not exist THEN nothing runs and the model is nudged', async () => {
    const { deps, executed } = setup();
    server.script(
      'agent',
      { reply: { content: '<tool_call>{"name":"delete_server","arguments":{}}</tool_call>' } },
      { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'sorry' } }] } },
      { reply: { content: null } },
    );
    await run(deps);
    expect(executed.map((call) => call.call.name)).toEqual(['send_message']);
    expect(lastTurn(1)).toEqual({ role: 'user', content: SILENCE_NUDGE });
  });
});

describe('GIVEN a mention and a reply that calls no tool', () => {
  test('WHEN the reply is empty twice THEN the model is nudged once and the thread fails THREAD_SILENT', async () => {
    const { logger, lines } = captureLogger();
    const { deps, executed } = setup({ logger });
    server.script('agent', { reply: { content: null } }, { reply: { content: '' } });
    const error = (await thrownBy(run(deps))) as AgentThreadError;
    expect(error.code).toBe('THREAD_SILENT');
    expect(server.requests).toHaveLength(2);
    // An empty reply is not echoed back: only the nudge follows the batch.
    expect(server.requests[1]?.body.messages.slice(-1)).toEqual([{ role: 'user', content: SILENCE_NUDGE }]);
    expect(server.requests[1]?.body.messages).toHaveLength(
      (server.requests[0]?.body.messages.length ?? 0) + 1,
    );
    expect(executed).toHaveLength(0);
    expect(lines.filter((line) => line.event === 'agent.nudged')).toHaveLength(1);
    expect(lines.find((line) => line.event === 'agent.thread.silent')?.level).toBe(40);
  });

  test('WHEN it wrote prose and then answers through a tool after the nudge THEN the thread is done', async () => {
    const { deps, executed } = setup();
    server.script(
      'agent',
      { reply: { content: 'Hello Alice!' } },
      { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'Hello Alice!' } }] } },
      { reply: { content: null } },
    );
    const output = await run(deps);
    expect(output.stoppedBecause).toBe('no_tool_call');
    expect(executed).toHaveLength(1);
    expect(server.requests[1]?.body.messages.slice(-2)).toEqual([
      { role: 'assistant', content: 'Hello Alice!' },
      { role: 'user', content: SILENCE_NUDGE },
    ]);
    // Once something was posted, a reply without a tool call ends the thread without a nudge.
    expect(server.requests).toHaveLength(3);
  });

  test('WHEN the only call was refused as invalid THEN nothing reached the channel and the nudge follows', async () => {
    const { deps } = setup();
    server.script(
      'agent',
      { reply: { toolCalls: [{ name: 'no_such_tool', arguments: {} }] } },
      { reply: { content: null } },
      { reply: { content: null } },
    );
    expect(((await thrownBy(run(deps))) as AgentThreadError).code).toBe('THREAD_SILENT');
    expect(lastTurn(2)).toEqual({ role: 'user', content: SILENCE_NUDGE });
  });

  test('WHEN the model keeps calling tools that post nothing until maxSteps THEN the thread fails THREAD_SILENT', async () => {
    const { deps } = setup({ maxSteps: 2 });
    const lookup = { reply: { toolCalls: [{ name: 'no_such_tool', arguments: {} }] } };
    server.script('agent', lookup, lookup);
    expect(((await thrownBy(run(deps))) as AgentThreadError).code).toBe('THREAD_SILENT');
  });

  test('WHEN the model bans as asked but never says so THEN it is nudged once and the thread still ends done', async () => {
    const tools = memoryTools({ extra: ['ban_member'] });
    const { deps } = setup({ tools: tools.executor });
    server.script(
      'agent',
      { reply: { toolCalls: [{ name: 'ban_member', arguments: { user_id: '7' } }] } },
      { reply: { content: null } },
      { reply: { content: null } },
    );
    const output = await run(deps);
    expect(tools.executed.map((call) => call.call.name)).toEqual(['ban_member']);
    expect(lastTurn(2)).toEqual({ role: 'user', content: SILENCE_NUDGE });
    expect(output.stoppedBecause).toBe('no_tool_call');
  });

  test('WHEN a moderation call is refused and nothing is posted THEN the thread fails THREAD_SILENT', async () => {
    const { deps } = setup();
    server.script(
      'agent',
      { reply: { toolCalls: [{ name: 'ban_member', arguments: { user_id: '7' } }] } },
      { reply: { content: null } },
      { reply: { content: null } },
    );
    expect(((await thrownBy(run(deps))) as AgentThreadError).code).toBe('THREAD_SILENT');
  });

  test('WHEN run as the xstate actor THEN onFailure hears THREAD_SILENT, so whoever asked gets the notice', async () => {
    const failures: string[] = [];
    const { deps } = setup({
      onFailure: async (_input, error) => {
        failures.push((error as AgentThreadError).code);
      },
    });
    server.script('agent', { reply: { content: null } }, { reply: { content: null } });
    const actor = createActor(createAgentThread(deps), { input: thread() });
    actor.subscribe({ error: () => {} });
    actor.start();
    await thrownBy(toPromise(actor));
    expect(failures).toEqual(['THREAD_SILENT']);
  });
});

describe('GIVEN a batch that did not address Ery', () => {
  test('WHEN the reply is empty THEN the thread ends quietly after one call: Ery reads along', async () => {
    const { deps } = setup();
    server.script('agent', { reply: { content: null } });
    const output = await run(deps, thread([chatMessage('just chatting')]));
    expect(output.stoppedBecause).toBe('no_tool_call');
    expect(server.requests).toHaveLength(1);
  });

  test('WHEN the text holds a call THEN it is still run as a call', async () => {
    const { deps, executed } = setup();
    server.script(
      'agent',
      {
        reply: {
          content: '[TOOL_CALLS][{"name":"add_reaction","arguments":{"message_id":"1","emoji":"👀"}}]',
        },
      },
      { reply: { content: null } },
    );
    await run(deps, thread([chatMessage('just chatting')]));
    expect(executed.map((call) => call.call.name)).toEqual(['add_reaction']);
  });
});
