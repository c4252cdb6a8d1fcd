import { canonicalJson } from '../../actors/supervisor/checkpoint.ts';
import type { ChatMessage } from '../domain/message.ts';
import type { ThreadReplay } from './agent-replay.ts';
import type { LoggedStep } from './channel-log.ts';
import { plural } from './describe-event.ts';

/** How the live thread ended, as its channel's log has it. */
export type RecordedEnd =
  | { status: 'done'; output: unknown }
  | { status: 'failed'; code: string | null; message: string }
  | { status: 'timed_out' };

/** A thread that ended in the log: what it was given and how it ended. */
export interface EndedThread {
  id: string;
  channelId: string;
  guildId: string;
  messages: ChatMessage[];
  /** The step that ended it. */
  seq: number;
  event: string;
  at: number;
  end: RecordedEnd;
}

/** The verdict on one thread: `ok` null when there was nothing to compare (no records). */
export interface ThreadVerdict {
  ok: boolean | null;
  detail: string;
}

/** The fields of an agent's output that its steps decide (not whether a step came from the log). */
function essentials(output: unknown) {
  const o = (output ?? {}) as Record<string, unknown>;
  const calls = Array.isArray(o.toolCalls) ? (o.toolCalls as Array<Record<string, unknown>>) : [];
  return {
    threadId: o.threadId,
    steps: o.steps,
    toolCalls: calls.map(({ step, callId, name, decision, ok }) => ({ step, callId, name, decision, ok })),
    stoppedBecause: o.stoppedBecause,
    usage: o.usage,
    model: o.model,
  };
}

/**
 * Words kept apart on purpose: a thread's *records* are the rows of its execution log (each model
 * reply and each tool result), its *model steps* are the rounds of its loop (one model call and
 * the tool calls it asked for). `3 records (2 model replies, 1 tool result)`.
 */
function records(recorded: readonly Pick<LoggedStep, 'kind'>[]): string {
  const replies = recorded.filter((row) => row.kind === 'model').length;
  const replyWord = replies === 1 ? 'model reply' : 'model replies';
  return `${plural(recorded.length, 'record')} (${replies} ${replyWord}, ${plural(recorded.length - replies, 'tool result')})`;
}

function summary(output: unknown): string {
  const e = essentials(output);
  const steps = typeof e.steps === 'number' ? plural(e.steps, 'model step') : 'no model steps';
  const names = e.toolCalls.map((call) => String(call.name)).join(', ') || 'none';
  return `${steps}, ${plural(e.toolCalls.length, 'tool call')} (${names}), stopped: ${String(e.stoppedBecause)}`;
}

/**
 * Compares what a thread's records (`recorded`: its model replies and tool results) replay to with
 * how the live thread ended. A finished thread must get the same output (model steps, tool calls
 * and their decisions, usage, model), and every record must have been used. A failed thread must
 * not finish on its records, unless it failed for a reason outside the loop; one stopped at its
 * deadline may end anywhere.
 */
export function judgeThread(
  thread: EndedThread,
  replay: ThreadReplay,
  recorded: readonly Pick<LoggedStep, 'kind'>[],
): ThreadVerdict {
  const { end } = thread;
  const got = replay.outcome;
  if (end.status === 'timed_out')
    return { ok: true, detail: `stopped at its deadline; its ${records(recorded)} replay` };
  if (end.status === 'done') {
    const output = end.output as Record<string, unknown> | null;
    if (recorded.length === 0 && (output === null || typeof output !== 'object' || !('steps' in output))) {
      return { ok: null, detail: 'no records (the stand-in agent ran it)' };
    }
    if (got.status === 'ran-out') {
      const missing = got.needed === 'model' ? 'model reply' : 'tool result';
      return {
        ok: false,
        detail: `its records end at model step ${got.step} (no ${missing} recorded), but the thread reported ${summary(output)}`,
      };
    }
    if (got.status === 'failed')
      return {
        ok: false,
        detail: `replaying its records fails (${got.code ?? got.message}), but the thread reported ${summary(output)}`,
      };
    const want = essentials(output);
    const have = essentials(got.output);
    const differing = (Object.keys(want) as Array<keyof typeof want>).filter(
      (key) => canonicalJson(want[key]) !== canonicalJson(have[key]),
    );
    if (differing.length > 0) {
      return {
        ok: false,
        detail: `its records replay to ${summary(got.output)}; the thread reported ${summary(output)} (${differing.join(', ')} differ)`,
      };
    }
    if (replay.unread.length > 0)
      return { ok: false, detail: `record ${replay.unread[0]} was never used by the replay` };
    return {
      ok: true,
      detail: `its ${records(recorded)} replay to the output it reported: ${summary(output)}`,
    };
  }
  if (got.status === 'done') {
    return {
      ok: false,
      detail: `its records replay to a finished thread (${summary(got.output)}), but it failed: ${end.message}`,
    };
  }
  if (end.code === 'THREAD_SILENT' && !(got.status === 'failed' && got.code === 'THREAD_SILENT')) {
    return {
      ok: false,
      detail: 'it failed having never spoken (THREAD_SILENT), but its records do not replay to that',
    };
  }
  if (got.status === 'failed' && end.code !== null && got.code !== null && got.code !== end.code) {
    return {
      ok: false,
      detail: `replaying its records fails with ${got.code}, but it failed with ${end.code}`,
    };
  }
  return {
    ok: true,
    detail: `failed (${end.code ?? end.message}); its records replay to the same end`,
  };
}
