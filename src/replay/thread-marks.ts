import type { ThreadOutcome, ThreadRun } from '../../machines/channel.types.ts';
import type { ReplayStep } from './replay-log.ts';

/** The threads a replayed step started and ended, read from the change of context. */
export function threadMarks(step: ReplayStep): { started?: ThreadRun; ended?: ThreadOutcome } {
  const before = step.before?.context;
  const after = step.after.context;
  const marks: { started?: ThreadRun; ended?: ThreadOutcome } = {};
  // A restore resumes a thread that had already started: it is not a new one.
  if (after.thread && after.thread.id !== before?.thread?.id && step.type !== 'xstate.init')
    marks.started = after.thread;
  const ended = after.lastThread;
  if (
    ended &&
    (ended.id !== before?.lastThread?.id || ended.endedAt !== before?.lastThread?.endedAt) &&
    step.type !== 'xstate.init'
  ) {
    marks.ended = ended;
  }
  return marks;
}

/** The top-level state of a snapshot, as the timeline prints it. */
export function stateName(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
