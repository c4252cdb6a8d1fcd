import { fromPromise } from 'xstate';
import { AGENT_DEFAULTS } from './defaults.ts';
import { runAgentThread } from './run-thread.ts';
import { addressingMessage } from './silence.ts';
import type { AgentThreadDeps, AgentThreadInput, AgentThreadOutput } from './types.ts';
import { keepTyping } from './typing.ts';

/**
 * Creates the `agentThread` actor logic the channel machine invokes (provide it with
 * `machine.provide({ actors: { agentThread: createAgentThread(deps) } })`). Missing dependencies
 * are a TypeError here, at wiring time, not a crash in the middle of a thread. Stopping the actor
 * aborts the thread: the model call and the running tool get the signal. With `deps.typing`, a
 * thread whose batch addresses Ery shows "Ery is typing…" from its start until it ends, however it
 * ends.
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
    // Typing is a sign of life for whoever addressed Ery; a batch it only reads along with, which
    // usually ends without a post, would otherwise show "Ery is typing…" at every batch window.
    const addressed = addressingMessage(input) !== undefined;
    const stopTyping =
      deps.typing && addressed ? keepTyping(deps.typing, input.channelId, signal, deps.logger) : () => {};
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
            { event: 'agent.failure_notice.failed', err: notifyError, threadId: input.threadId },
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
