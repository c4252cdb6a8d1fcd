import type { Clock } from '../clock.ts';
import { AgentThreadError } from './errors.ts';

/** The signal a thread runs under, and how to report why it stopped. */
export interface ThreadSignal {
  signal: AbortSignal;
  /** Throws the thread's own stop error when the signal has aborted; else does nothing. */
  throwIfStopped(): void;
  dispose(): void;
}

/**
 * Aborts when the caller's signal does (the xstate actor was stopped) or the deadline (ms since
 * the epoch on `clock`) passes, whichever comes first, so the model and the tools need to watch
 * only one signal. The deadline is timed on `clock`: under `SimulatedClock` it fires on simulated
 * time, with no wall time waited.
 */
export function threadSignal(
  threadId: string,
  caller: AbortSignal,
  deadline: number | undefined,
  clock: Clock,
): ThreadSignal {
  const controller = new AbortController();
  let deadlinePassed = false;
  const onAbort = () => controller.abort(caller.reason);
  if (caller.aborted) controller.abort(caller.reason);
  else caller.addEventListener('abort', onAbort, { once: true });
  const timer =
    deadline === undefined
      ? undefined
      : clock.setTimeout(
          () => {
            deadlinePassed = true;
            // Typed, so a model call or tool step released by this abort rejects with the thread's code.
            controller.abort(deadlineError(threadId));
          },
          Math.max(0, deadline - clock.now()),
        );
  return {
    signal: controller.signal,
    throwIfStopped() {
      // Past the deadline even when its timer has not run yet: a model call timed out for the same
      // instant can settle first, and must still be reported as the thread's deadline.
      if (deadline !== undefined && !controller.signal.aborted && clock.now() >= deadline) {
        deadlinePassed = true;
        controller.abort(deadlineError(threadId));
      }
      if (!controller.signal.aborted) return;
      throw deadlinePassed
        ? deadlineError(threadId)
        : new AgentThreadError('THREAD_ABORTED', threadId, `thread ${threadId} was stopped`);
    },
    dispose() {
      if (timer !== undefined) clock.clearTimeout(timer);
      caller.removeEventListener('abort', onAbort);
    },
  };
}

const deadlineError = (threadId: string) =>
  new AgentThreadError('THREAD_DEADLINE', threadId, `thread ${threadId} ran past its deadline`);
