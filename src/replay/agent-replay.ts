import { runAgentThread } from '../../actors/agent-thread/run-thread.ts';
import type { StepLog } from '../../actors/agent-thread/step-log.ts';
import type { AgentThreadOutput } from '../../actors/agent-thread/types.ts';
import type { ChatMessage } from '../domain/message.ts';
import { silentLogger } from '../logger.ts';
import type { LoggedStep } from './channel-log.ts';

/** How a thread's recorded steps replay. */
export type ThreadReplayOutcome =
  /** The recorded replies and results lead to this output. */
  | { status: 'done'; output: AgentThreadOutput }
  /** The thread loop itself fails on them (an addressed thread that never spoke). */
  | { status: 'failed'; code: string | null; message: string }
  /** The recording ends before the thread does: it needed the model or a tool at `step`. */
  | { status: 'ran-out'; step: number; needed: 'model' | 'tool' };

export interface ThreadReplay {
  outcome: ThreadReplayOutcome;
  /** Keys of recorded steps the replay never read. */
  unread: string[];
}

/** Raised inside the loop when the recording has no answer; the loop reports it as a stop. */
class RecordingEnded extends Error {}

/**
 * Runs the agent's own loop (`runAgentThread`) over a thread's recorded steps: every model reply
 * and tool result comes from the recording, none from a model, a tool or Discord. Where the
 * recording has no answer the thread is stopped and the step named. The thread reads the same
 * batch it read live (`messages`), which decides whether it had to speak.
 */
export async function replayThread(
  thread: { id: string; channelId: string; guildId: string; messages: ChatMessage[] },
  recorded: readonly LoggedStep[],
): Promise<ThreadReplay> {
  const payloads = new Map(recorded.map((row) => [row.key, row.payload]));
  const unread = new Set(payloads.keys());
  const stop = new AbortController();
  let ended: { step: number; needed: 'model' | 'tool' } | null = null;
  let lastStep = 0;
  const steps: StepLog = {
    get: (key) => {
      unread.delete(key);
      lastStep = Number(key.slice(thread.id.length + 1).split(':')[0]);
      return structuredClone(payloads.get(key));
    },
    put: () => {},
  };
  const end = (needed: 'model' | 'tool'): never => {
    ended = { step: lastStep, needed };
    stop.abort(new RecordingEnded());
    throw new RecordingEnded(`no recorded ${needed} answer at step ${lastStep}`);
  };
  const input = {
    threadId: thread.id,
    channelId: thread.channelId,
    guildId: thread.guildId,
    messages: thread.messages,
  };
  const deps = {
    model: { label: 'recorded replies', complete: async () => end('model') },
    tools: { definitions: () => [], execute: async () => end('tool'), skip: () => end('tool') },
    history: async () => [],
    steps,
    logger: silentLogger,
  };
  try {
    const output = await runAgentThread(deps, input, stop.signal);
    return { outcome: { status: 'done', output }, unread: [...unread] };
  } catch (error) {
    if (ended)
      return {
        outcome: { status: 'ran-out', ...(ended as { step: number; needed: 'model' | 'tool' }) },
        unread: [...unread],
      };
    const code = (error as { code?: unknown }).code;
    return {
      outcome: {
        status: 'failed',
        code: typeof code === 'string' ? code : null,
        message: error instanceof Error ? error.message : String(error),
      },
      unread: [...unread],
    };
  }
}
