import { EryError } from '../../src/domain/errors.ts';

/**
 * Why an agent thread stopped without finishing. `THREAD_ABORTED`: its actor was stopped (the
 * channel moved on or the process is shutting down). `THREAD_DEADLINE`: it ran past its deadline.
 * `THREAD_SILENT`: someone addressed Ery and the thread ended without a message or a reaction,
 * even after the model was nudged once to use its tools.
 * Steps already taken stay in the step log; running the thread again resumes after them.
 */
export class AgentThreadError extends EryError {
  constructor(
    override readonly code: 'THREAD_ABORTED' | 'THREAD_DEADLINE' | 'THREAD_SILENT',
    readonly threadId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
