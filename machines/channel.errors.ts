import { EryError } from '../src/domain/errors.ts';

/**
 * The channel machine was run in a way its contract (DESIGN.md) rules out: a wiring fault, not bad
 * input. `AGENT_THREAD_NOT_PROVIDED`: the machine was started without binding `agentThread`
 * (actors/channel-actor.ts binds it), so every thread fails with this. `UNEXPECTED_EVENT`: an
 * action that reads a message ran on another event. `NO_RUNNING_THREAD`: `running` was entered
 * without a thread in context.
 */
export class ChannelMachineError extends EryError {
  constructor(
    override readonly code: 'AGENT_THREAD_NOT_PROVIDED' | 'UNEXPECTED_EVENT' | 'NO_RUNNING_THREAD',
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * How a thread's error reads on `lastThread.error` and the thread row: `Name CODE: message`, so the
 * code of a typed error (EryError) stays readable there. A non-Error is stringified.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error ?? 'unknown error');
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
}
