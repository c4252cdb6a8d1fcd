import { fromPromise } from 'xstate';
import type { AgentThreadInput, ThreadReport } from '../../machines/channel.machine.ts';

/** One call of a stubbed agent thread, settled by the test. */
export interface AgentCall {
  input: AgentThreadInput;
  signal: AbortSignal;
  resolve(output?: unknown): void;
  reject(error: unknown): void;
}

/**
 * An `agentThread` whose runs the test settles by hand: every start is recorded with its input and
 * abort signal, so tests can assert what a thread was given and when it was stopped.
 */
export function controllableAgent() {
  const calls: AgentCall[] = [];
  // The test decides what the thread reports, shaped as it likes: the stub passes it on as is.
  const logic = fromPromise<ThreadReport, AgentThreadInput>(
    ({ input, signal }) =>
      new Promise((resolve, reject) => {
        calls.push({ input, signal, resolve: (output) => resolve(output as ThreadReport), reject });
      }),
  );
  return {
    logic,
    calls,
    get last(): AgentCall {
      const call = calls.at(-1);
      if (!call) throw new Error('the agent was never started');
      return call;
    },
  };
}

/** Lets settled promises deliver their done/error events to the actor. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
