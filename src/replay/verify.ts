import { replayThread } from './agent-replay.ts';
import type { ChannelLog } from './channel-log.ts';
import type { LogRange } from './range.ts';
import type { ReplayOptions } from './replay-log.ts';
import { judgeThread } from './thread-check.ts';
import { type Divergence, verifyChannel } from './verify-channel.ts';

export type { Divergence } from './verify-channel.ts';

/** The verdict of `ery replay --verify` on one channel. Plain JSON. */
export interface Verification {
  channelId: string;
  /** True when nothing diverged and nothing stored was left uncompared. */
  ok: boolean;
  checked: { events: number; checkpoints: number; snapshots: number; restores: number; threads: number };
  /** The first step that diverges, if any; `divergences` counts them all. */
  divergence: Divergence | null;
  divergences: number;
  /** Stored snapshots that could not be compared, and why (another machine version). */
  unverified: string[];
  /** What each thread's recorded steps replayed to. */
  threads: Array<{ id: string; seq: number; ok: boolean | null; detail: string }>;
}

export interface VerifyOptions extends LogRange, ReplayOptions {
  /** Only this thread's recorded steps are replayed. */
  thread?: string;
}

/**
 * Verifies a channel's log: replays it and compares every stored checkpoint and snapshot in
 * range (see `verifyChannel`), then replays the records (model replies, tool results) of every thread that ended there
 * and checks they lead to the output (or the failure) the thread reported. Reads only `log`.
 */
export async function verifyLog(log: ChannelLog, options: VerifyOptions = {}): Promise<Verification> {
  const found = verifyChannel(log, options, options);
  const divergences = [...found.divergences];
  const threads: Verification['threads'] = [];
  for (const thread of found.ended) {
    if (options.thread && thread.id !== options.thread) continue;
    const recorded = log.steps[thread.id] ?? [];
    const verdict = judgeThread(thread, await replayThread(thread, recorded), recorded);
    threads.push({ id: thread.id, seq: thread.seq, ...verdict });
    if (verdict.ok === false) {
      divergences.push({
        seq: thread.seq,
        event: thread.event,
        against: 'thread',
        differences: [`thread ${thread.id}: ${verdict.detail}`],
      });
    }
  }
  // The channel's own finding first when both are at the same step: it explains the thread's.
  divergences.sort(
    (a, b) => a.seq - b.seq || Number(a.against === 'thread') - Number(b.against === 'thread'),
  );
  return {
    channelId: log.channelId,
    ok: divergences.length === 0 && found.unverified.length === 0,
    checked: { ...found.checked, threads: threads.filter((thread) => thread.ok !== null).length },
    divergence: divergences[0] ?? null,
    divergences: divergences.length,
    unverified: found.unverified,
    threads,
  };
}
