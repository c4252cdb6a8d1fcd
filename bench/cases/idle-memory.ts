/**
 * Memory per idle channel: channels get one message each (1,000 at a time, each chunk settled before
 * the next) until the first size is reached, then the subject is measured; then on to the second
 * size in the same process, and measured again. Settled, for Ery, means every channel's thread has
 * run against the instant model and the channel is back in `idle` (a 0 ms batch window and cooldown
 * get it there quickly); at rest, in the full run, also that after a minute idle it was passivated:
 * its actor stopped, its snapshot stored, and the memory Ery then gives back (src/app/memory-reclaim.ts)
 * given back. A short run does not wait that minute and measures idle
 * channels still in memory. Heap, RSS and live objects after a full garbage collection, minus the
 * same after login, over the channels so far. Ery runs 64 threads at once (they are instant: the
 * machine's cores, not permits, set the pace) and keeps idle channels a day.
 */
import { RECLAIM_DELAY_MS } from '../../src/app/memory-reclaim.ts';
import { atMost, type BenchCase, row, type SubjectKind } from '../support/case.ts';
import { marker } from '../support/instant-model.ts';
import { postPaced } from '../support/post.ts';
import type { Report } from '../support/protocol.ts';
import { onStage, warmHistory, withSubject } from '../support/stage.ts';

type Memory = Report & { type: 'memory' };

/** Channels given their message together (see `measure`). */
const CHUNK = 1_000;

interface PerChannel {
  heapBytes: number;
  rssBytes: number;
  objects: number;
  /** From the first message to measured, for all channels so far. */
  settleSeconds: number;
}

const ERY_ENV = {
  ERY_BATCH_WINDOW_MS: '0',
  ERY_COOLDOWN_MS: '0',
  // Settling 100,000 channels takes minutes: none may be reaped before all are idle.
  ERY_IDLE_TIMEOUT_MS: '86400000',
  ERY_MAX_RUNNING: '64',
  ERY_MAX_RUNNING_PER_GUILD: '64',
};

/** Per-channel memory of `kind` at each of `sizes` (ascending), in one process. */
async function measure(kind: SubjectKind, sizes: number[], atRest: boolean): Promise<PerChannel[]> {
  const channels = Math.max(...sizes);
  return onStage({ channels, script: 'quiet' }, async (stage) => {
    if (kind === 'ery') warmHistory(stage.dbPath, stage.world.channelIds);
    return withSubject(stage, kind, { env: ERY_ENV }, async (subject) => {
      const memory = (): Promise<Memory> => {
        const report = subject.next('memory');
        subject.send({ type: 'memory' });
        return report;
      };
      const before = await memory();
      const posts = stage.world.channelIds.map((channelId, n) => ({
        channelId,
        content: `hello ${marker(n)}`,
      }));
      const started = performance.now();
      const results: PerChannel[] = [];
      let sent = 0;
      for (const size of sizes) {
        // A chunk at a time: with every channel ready at once, the wait for run permits would be
        // measured, not the memory of idle channels.
        for (; sent < size; sent = Math.min(size, sent + CHUNK)) {
          const chunk = posts.slice(sent, Math.min(size, sent + CHUNK));
          const settled = subject.milestone(kind === 'ery' ? 'idle' : 'received', sent + chunk.length);
          await postPaced(stage.playground, chunk, stage.world.personId, subject, { before: sent });
          await settled;
        }
        if (atRest && kind === 'ery') {
          await subject.milestone('passive', size);
          // At rest also means after the memory Ery gives back once passivation freed many actors.
          await Bun.sleep(RECLAIM_DELAY_MS + 1_000);
        }
        const settleSeconds = (performance.now() - started) / 1000;
        const after = await memory();
        results.push({
          heapBytes: (after.heapBytes - before.heapBytes) / size,
          rssBytes: (after.rssBytes - before.rssBytes) / size,
          objects: (after.objects - before.objects) / size,
          settleSeconds,
        });
      }
      return results;
    });
  });
}

export const idleMemory: BenchCase = {
  name: 'idle-memory',
  async run({ short }, log) {
    const sizes = short ? [500, 1_000] : [10_000, 100_000];
    const atRest = !short;
    const bare = await measure('bare', sizes, atRest);
    const ery = await measure('ery', sizes, atRest);
    const state = atRest
      ? 'at rest (passivated after a minute idle)'
      : 'in memory (a short run does not wait for passivation)';
    const rows = sizes.flatMap((size, index) => {
      const b = bare[index] as PerChannel;
      const e = ery[index] as PerChannel;
      log(
        `${size} channels: heap ${b.heapBytes.toFixed(0)} → ${e.heapBytes.toFixed(0)} B, ` +
          `objects ${b.objects.toFixed(0)} → ${e.objects.toFixed(0)}, Ery measured after ${e.settleSeconds.toFixed(1)} s`,
      );
      return (
        [
          ['heap', 'heapBytes'],
          ['RSS', 'rssBytes'],
        ] as const
      ).map(([what, key]) =>
        row({
          case: 'idle-memory',
          figure: `${what} per idle channel ${index === 0 ? state : 'likewise'}, ${size.toLocaleString('en')} channels with one message each`,
          baselineName: 'bare discord.js client',
          baseline: b[key] / 1024,
          ery: e[key] / 1024,
          unit: 'KiB',
          goal: atMost(e[key] / b[key], 2),
        }),
      );
    });
    const scale = `${sizes.map((n) => n.toLocaleString('en')).join(' and ')} channels, ${atRest ? 'at rest' : 'in memory'}`;
    return { scale, rows, details: { sizes, atRest, bare, ery } };
  },
};
