import cliProgress from 'cli-progress';
import type { ProgressListener } from './replay-log.ts';

/** Where the bar draws and when it may appear. */
export interface ProgressOptions {
  /** What is being counted, before the bar: `replaying`, `verifying`. */
  label: string;
  /** Default `process.stderr`; nothing is drawn unless it is a terminal. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** The bar appears only once the work has taken this long (default 400 ms). */
  afterMs?: number;
  /** Milliseconds on a monotonic clock (default `performance.now`). */
  now?: () => number;
}

/** A progress reporter for a replay: `update` as the `ProgressListener`, `stop` when done. */
export interface ReplayProgress {
  update: ProgressListener;
  stop(): void;
}

/**
 * A cli-progress bar on stderr for a replay or a verification that takes more than a moment: it
 * appears only after `afterMs` and only on a terminal, so quick runs, pipes and logs stay clean.
 * It takes no signal: `stop()` clears it and shows the cursor again, safe to call any time.
 */
export function replayProgress(options: ProgressOptions): ReplayProgress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const afterMs = options.afterMs ?? 400;
  const started = now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total) {
      if (bar) {
        bar.update(done);
        return;
      }
      if (!stream.isTTY || done >= total || now() - started < afterMs) return;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${options.label} [{bar}] {percentage}% · {value}/{total} events · {eta_formatted} left`,
          hideCursor: true,
          clearOnComplete: true,
          // Its handler would take SIGINT and let the replay run on: the command stops on Ctrl-C
          // itself, restoring the cursor through `stop()` (see commands/print.ts exitOnInterrupt).
          gracefulExit: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
