import { withLogReader } from '../db/replay-database.ts';
import type { Env } from '../domain/config.ts';
import { formatTimeline, formatVerification } from '../replay/format.ts';
import { replayProgress } from '../replay/progress.ts';
import { buildTimelineAsync } from '../replay/timeline.ts';
import { verifyLog } from '../replay/verify.ts';
import { exitOnInterrupt, print } from './print.ts';
import { inspectReplay } from './replay-inspect.ts';
import { readReplayRequest, requestedRange } from './replay-options.ts';

/**
 * `ery replay <channelId>`: reads the channel's log from the database read-only (beside a running
 * Ery too) page by page, rebuilds its past through the pure machine and prints the timeline, or
 * with `--verify` the comparison with every stored snapshot, or with `--inspect` serves it to a
 * browser until SIGINT/SIGTERM (see `inspectReplay`). Ctrl-C stops it at once (exit 130). Returns
 * the exit code: 0, or 1 when the verification found a divergence or could not compare everything.
 *
 * @throws {UsageError} bad options (exit 2). {ReplayError} nothing to replay, or a row that cannot
 *   be read (exit 1). {OutputError} stdout cannot be written (exit 1).
 */
export async function replayCommand(
  channelId: string,
  options: Record<string, string | true>,
  env: Env,
): Promise<number> {
  const request = readReplayRequest(channelId, options);
  if (request.inspect) return inspectReplay(request, request.db ?? env.ERY_DB_PATH);
  const range = requestedRange(request);
  const progress = replayProgress({ label: request.verify ? 'verifying' : 'replaying' });
  const release = exitOnInterrupt(() => progress.stop());
  try {
    return await withLogReader(request.db ?? env.ERY_DB_PATH, request.channelId, async (log) => {
      if (request.verify) {
        const result = await verifyLog(log, { ...range, onProgress: progress.update });
        progress.stop();
        await print(request.json ? `${JSON.stringify(result, null, 2)}\n` : formatVerification(result));
        return result.ok ? 0 : 1;
      }
      const timeline = await buildTimelineAsync(log, { ...range, onProgress: progress.update });
      progress.stop();
      // The thread view says where its recorded steps lead, as --verify would judge them.
      const verdicts = request.thread
        ? Object.fromEntries(
            (await verifyLog(log, range)).threads.map((thread) => [thread.id, thread.detail]),
          )
        : {};
      await print(
        request.json
          ? `${JSON.stringify(request.thread ? { ...timeline, replays: verdicts } : timeline, null, 2)}\n`
          : formatTimeline(timeline, { withThreads: request.thread !== undefined, verdicts }),
      );
      return 0;
    });
  } finally {
    progress.stop();
    release();
  }
}
