import { runAgentThread } from '../../../actors/agent-thread/run-thread.ts';
import { createMemoryStepLog } from '../../../actors/agent-thread/step-log.ts';
import type { AgentThreadDeps, AgentThreadInput } from '../../../actors/agent-thread/types.ts';
import type { HistoryMessage } from '../../../src/discord/port.ts';
import { silentLogger } from '../../../src/logger.ts';
import { server } from '../../support/use-openai-server.ts';
import { chatMessage, memoryTools } from './memory-tools.ts';
import { scriptedModel } from './scripted-model.ts';

export const HISTORY: HistoryMessage[] = [
  {
    id: '800001',
    channelId: '200',
    author: { id: '43', name: 'Bob', bot: false },
    content: 'earlier chat',
    replyToId: null,
    createdAt: 1_600_000_000_000,
  },
];

export function setup(overrides: Partial<AgentThreadDeps> = {}) {
  const tools = memoryTools();
  const historyCalls: Array<{ channelId: string; before: string; limit: number }> = [];
  const deps: AgentThreadDeps = {
    model: scriptedModel(server),
    tools: tools.executor,
    history: async (input) => {
      historyCalls.push(input);
      return HISTORY;
    },
    steps: createMemoryStepLog(),
    rules: () => 'Be kind.',
    logger: silentLogger,
    ...overrides,
  };
  return { deps, executed: tools.executed, historyCalls };
}

/** By default nobody addresses Ery, so a reply without a tool call ends the thread quietly. */
export function input(messages = [chatMessage('hello all')], threadId = 't1'): AgentThreadInput {
  return { channelId: '200', guildId: '100', messages, threadId };
}

export const run = (deps: AgentThreadDeps, thread: AgentThreadInput, signal = new AbortController().signal) =>
  runAgentThread(deps, thread, signal);

export { server, useOpenAIServer } from '../../support/use-openai-server.ts';
