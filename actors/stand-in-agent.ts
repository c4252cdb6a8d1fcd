import { fromPromise } from 'xstate';
import type { AgentThreadInput } from '../machines/channel.machine.ts';
import type { Logger } from '../src/logger.ts';

/** What the stand-in agent returns: the batch it was given. */
export interface StandInOutput {
  threadId: string;
  messageIds: string[];
}

/**
 * The `agentThread` used until the LLM agent is wired in: it records the batch it was given (a log
 * line, and its output lands in the thread row) and does nothing on Discord.
 */
export function createStandInAgent(logger: Logger) {
  return fromPromise<StandInOutput, AgentThreadInput>(async ({ input }) => {
    const messageIds = input.messages.map((message) => message.id);
    logger.info(
      { event: 'agent.stand_in.batch', threadId: input.threadId, channelId: input.channelId, messageIds },
      'stand-in agent got a batch',
    );
    return { threadId: input.threadId, messageIds };
  });
}
