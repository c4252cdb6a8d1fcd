import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentThreadError } from '../../../actors/agent-thread/errors.ts';
import { runAgentThread } from '../../../actors/agent-thread/run-thread.ts';
import type { ToolCallRequest } from '../../../actors/agent-thread/tool-port.ts';
import type { AgentThreadDeps, AgentThreadInput } from '../../../actors/agent-thread/types.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { SqliteStepLog } from '../../../src/db/step-log.ts';
import { silentLogger } from '../../../src/logger.ts';
import { thrownBy } from '../../support/errors.ts';
import { type OpenAIServer, startOpenAIServer } from '../../support/openai-server.ts';
import { chatMessage, memoryTools } from './memory-tools.ts';
import { scriptedModel } from './scripted-model.ts';

let server: OpenAIServer;
let dir: string;
beforeEach(() => {
  server = startOpenAIServer();
  dir = mkdtempSync(join(tmpdir(), 'ery-steps-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const thread: AgentThreadInput = {
  channelId: '200',
  guildId: '100',
  threadId: 'thread-crash-1',
  messages: [chatMessage('@Ery please greet the channel and react', { mentionsBot: true })],
};

/** One "process": its own database connection, step log and executor, like a restart would have. */
function processOn(path: string, onExecute?: (call: ToolCallRequest) => void) {
  const db = openDatabase(path);
  const tools = memoryTools({ onExecute });
  const deps: AgentThreadDeps = {
    model: scriptedModel(server),
    tools: tools.executor,
    history: async () => [],
    steps: new SqliteStepLog(db),
    logger: silentLogger,
  };
  return { deps, executed: tools.executed, close: () => db.$client.close() };
}

describe('GIVEN a thread killed after its first tool call', () => {
  test('WHEN it runs again on the same SQLite file THEN recorded steps are replayed, not repeated', async () => {
    const path = join(dir, 'ery.db');
    server.script('agent', {
      reply: {
        toolCalls: [
          { id: 'send', name: 'send_message', arguments: { content: 'Hello channel!' } },
          {
            id: 'react',
            name: 'add_reaction',
            arguments: { message_id: thread.messages[0]?.id, emoji: '👀' },
          },
        ],
      },
    });

    // First run: the process "dies" right after the first Discord side effect.
    const controller = new AbortController();
    const first = processOn(path, () => controller.abort());
    const error = await thrownBy(runAgentThread(first.deps, thread, controller.signal));
    expect((error as AgentThreadError).code).toBe('THREAD_ABORTED');
    expect(first.executed.map((e) => e.call.id)).toEqual(['send']);
    expect(server.requests).toHaveLength(1);
    first.close();

    // Second run after the "restart": same thread id, same file.
    server.script('agent', { reply: { content: null } });
    const second = processOn(path);
    const output = await runAgentThread(second.deps, thread, new AbortController().signal);
    expect(second.executed.map((e) => e.call.id)).toEqual(['react']);
    expect(server.requests).toHaveLength(2);
    expect(output).toMatchObject({ steps: 2, stoppedBecause: 'no_tool_call', replayedSteps: 1 });
    expect(output.toolCalls.map((c) => [c.callId, c.replayed])).toEqual([
      ['send', true],
      ['react', false],
    ]);
    // The model saw both results, the replayed one exactly as first recorded.
    const fedBack = (server.requests[1]?.body.messages ?? []).filter((m) => m.role === 'tool');
    expect(fedBack.map((m) => [m.tool_call_id, m.content])).toEqual([
      ['send', '{"ok":true,"tool":"send_message","n":1}'],
      ['react', '{"ok":true,"tool":"add_reaction","n":1}'],
    ]);
    expect(
      second.deps.steps instanceof SqliteStepLog &&
        second.deps.steps.forThread(thread.threadId).map((row) => row.key),
    ).toEqual([
      'thread-crash-1:1:model',
      'thread-crash-1:1:send',
      'thread-crash-1:1:react',
      'thread-crash-1:2:model',
    ]);
    second.close();

    // Third run of the finished thread: everything comes from the log.
    const third = processOn(path);
    const again = await runAgentThread(third.deps, thread, new AbortController().signal);
    expect(server.requests).toHaveLength(2);
    expect(third.executed).toHaveLength(0);
    expect(again).toMatchObject({ steps: 2, stoppedBecause: 'no_tool_call', replayedSteps: 2 });
    third.close();
  });

  test('WHEN it is killed during the model call THEN the rerun asks the model again and nothing ran twice', async () => {
    const path = join(dir, 'ery.db');
    server.script('agent', { delayMs: 10_000 });
    const controller = new AbortController();
    const first = processOn(path);
    const pending = runAgentThread(first.deps, thread, controller.signal);
    await server.waitForRequests(1);
    controller.abort();
    expect(await thrownBy(pending)).toBeInstanceOf(AgentThreadError);
    first.close();

    server.script(
      'agent',
      { reply: { toolCalls: [{ id: 's', name: 'send_message', arguments: { content: 'hi' } }] } },
      { reply: {} },
    );
    const second = processOn(path);
    const output = await runAgentThread(second.deps, thread, new AbortController().signal);
    expect(output.replayedSteps).toBe(0);
    expect(second.executed).toHaveLength(1);
    second.close();
  });
});
