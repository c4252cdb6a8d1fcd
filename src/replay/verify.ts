import { replayThread } from './agent-replay.ts';
import type { ChannelLog } from './channel-log.ts';
import { type LogReader, logReader } from './log-reader.ts';
import type { LogRange } from './range.ts';
import { type ReplayOptions, replaySteps } from './replay-log.ts';
import { judgeThread } from './thread-check.ts';
import { ChannelCheck, type Divergence } from './verify-channel.ts';

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
  /** What could not be compared, and why (another machine version, nothing stored to compare). */
  unverified: string[];
  /** What each thread's recorded steps replayed to. */
  threads: Array<{ id: string; seq: number; ok: boolean | null; detail: string }>;
}

export interface VerifyOptions extends LogRange, ReplayOptions {
  /** Only this thread's recorded steps are replayed. */
  thread?: string;
  /** Hand the event loop back every this many steps (default 2 000), so Ctrl-C is heard. */
  every?: number;
}

/**
 * Verifies a channel's log: replays it and compares every stored checkpoint and snapshot in range
 * (see `ChannelCheck`), and replays the records (model replies, tool results) of every thread that ended there as soon as
 * it ends, checking they lead to the output (or the failure) the thread reported. Only what it
 * reports is kept, so a log read page by page is verified in little memory. Reads only `source`.
 *
 * @throws {ReplayError} `NO_START` or `UNREADABLE_ROW` when the log's first event is not a readable creation.
 */
export async function verifyLog(
  source: ChannelLog | LogReader,
  options: VerifyOptions = {},
): Promise<Verification> {
  const reader = logReader(source);
  const check = new ChannelCheck(reader, options, options);
  const threads: Verification['threads'] = [];
  const divergences: Divergence[] = [];
  let count = 0;
  for (const step of replaySteps(reader, options)) {
    const thread = check.visit(step);
    if (thread && (!options.thread || thread.id === options.thread)) {
      const recorded = reader.steps(thread.id);
      const damaged = recorded.find((row) => row.unreadable)?.unreadable;
      const verdict = damaged
        ? { ok: false, detail: damaged }
        : judgeThread(thread, await replayThread(thread, recorded), recorded);
      threads.push({ id: thread.id, seq: thread.seq, ...verdict });
      if (verdict.ok === false)
        divergences.push({
          seq: thread.seq,
          event: thread.event,
          against: 'thread',
          differences: [`thread ${thread.id}: ${verdict.detail}`],
        });
    }
    if (++count % (options.every ?? 2_000) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const found = check.finish();
  divergences.push(...found.divergences);
  // The channel's own finding first when both are at the same step: it explains the thread's.
  divergences.sort(
    (a, b) => a.seq - b.seq || Number(a.against === 'thread') - Number(b.against === 'thread'),
  );
  return {
    channelId: reader.channelId,
    ok: divergences.length === 0 && found.unverified.length === 0,
    checked: { ...found.checked, threads: threads.filter((thread) => thread.ok !== null).length },
    divergence: divergences[0] ?? null,
    divergences: divergences.length,
    unverified: found.unverified,
    threads,
  };
}
