import { replayStores } from '../db/inspector-stores.ts';
import { openLogReader } from '../db/log-reader.ts';
import { openReadOnly } from '../db/replay-database.ts';
import { startReplayServer } from '../inspector/replay-server.ts';
import { replayProgress } from '../replay/progress.ts';
import type { Bound } from '../replay/range.ts';
import { buildTimeline } from '../replay/timeline.ts';
import { print } from './print.ts';
import { type ReplayRequest, requestedRange } from './replay-options.ts';

/** A bound as the replay view's address takes it: an event number, or an ISO time. */
const boundText = (bound: Bound) => ('seq' in bound ? String(bound.seq) : new Date(bound.at).toISOString());

/**
 * `ery replay <channelId> --inspect`: checks there is something to show (as `ery replay` would
 * print it), then serves the inspector's replay view of it on 127.0.0.1:`request.port` from the
 * database at `dbPath` opened read-only (no running Ery needed, and beside one), prints its
 * address, and serves until SIGINT or SIGTERM. Returns the exit code, 0.
 *
 * @throws {ReplayError} nothing to replay, as `ery replay` (exit 1). {EryError} `PORT_IN_USE`.
 */
export async function inspectReplay(request: ReplayRequest, dbPath: string): Promise<number> {
  // Listened for at once: a signal while the log is read still ends the command cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const sqlite = openReadOnly(dbPath);
  try {
    const range = requestedRange(request);
    const progress = replayProgress({ label: 'replaying' });
    let steps: number;
    try {
      const log = openLogReader(sqlite, request.channelId, dbPath);
      steps = buildTimeline(log, { ...range, onProgress: progress.update }).steps.length;
    } finally {
      progress.stop();
    }
    const query = new URLSearchParams({
      ...(range.from ? { from: boundText(range.from) } : {}),
      ...(range.to ? { to: boundText(range.to) } : {}),
      ...(range.thread ? { thread: range.thread } : {}),
    }).toString();
    const home = `/inspector/replay/${request.channelId}${query ? `?${query}` : ''}`;
    const server = startReplayServer({ stores: replayStores(sqlite), port: request.port, home });
    await print(
      `Replay of channel ${request.channelId} (${steps} ${steps === 1 ? 'step' : 'steps'}): ${server.url}${home}\nServing until Ctrl-C.\n`,
    );
    await stopped;
    await server.stop();
    return 0;
  } finally {
    sqlite.close();
  }
}
