import { fromPromise } from 'xstate';
import { AGENT_DEFAULTS } from './defaults.ts';
import { runAgentThread } from './run-thread.ts';
import type { AgentThreadDeps, AgentThreadInput, AgentThreadOutput } from './types.ts';
import { keepTyping } from './typing.ts';

/**
 * Creates the `agentThread` actor logic the channel machine invokes (provide it with
 * `machine.provide({ actors: { agentThread: createAgentThread(deps) } })`). Missing dependencies
 * are a TypeError here, at wiring time, not a crash in the middle of a thread. Stopping the actor
 * aborts the thread: the model call and the running tool get the signal. With `deps.typing`, the
 * channel shows "Ery is typing…" from the thread's start until it ends, however it ends.
 */
export function createAgentThread(deps: AgentThreadDeps) {
  for (const name of ['model', 'tools', 'history', 'steps', 'logger'] as const) {
    if (!deps?.[name]) throw new TypeError(`createAgentThread: ${name} is required`);
  }
  const maxSteps = deps.maxSteps ?? AGENT_DEFAULTS.maxSteps;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new TypeError(`createAgentThread: maxSteps must be a positive integer (got ${maxSteps})`);
  }
  return fromPromise<AgentThreadOutput, AgentThreadInput>(async ({ input, signal }) => {
    const stopTyping = deps.typing ? keepTyping(deps.typing, input.channelId, signal, deps.logger) : () => {};
    try {
      return await runAgentThread(deps, input, signal);
    } catch (error) {
      if (!signal.aborted) {
        const { threadId, channelId, deadline } = input;
        const code = (error as { code?: unknown }).code ?? null;
        deps.logger.warn(
          { event: 'agent.thread.failed', threadId, channelId, deadline: deadline ?? null, code, err: error },
          `agent thread ${threadId} failed`,
        );
      }
      // Before the failure notice: a message of Ery's ends its typing on Discord anyway.
      stopTyping();
      if (!signal.aborted && deps.onFailure) {
        await deps.onFailure(input, error).catch((notifyError: unknown) => {
          deps.logger.error(
            { err: notifyError, threadId: input.threadId },
            'could not report a failed thread',
          );
        });
      }
      throw error;
    } finally {
      stopTyping();
    }
  });
}
