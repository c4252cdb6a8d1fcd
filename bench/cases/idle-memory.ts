/**
 * Memory per idle channel: each of N channels gets one message (1,000 channels at a time, each chunk
 * settled before the next), then the subject is measured once everything has settled (Ery: every
 * channel's thread has run against the instant model and the channel is back in `idle`, nothing
 * unwritten; a 0 ms batch window and cooldown get it there quickly). Heap, RSS and live objects
 * after a full garbage collection, minus the same after login, over N. Ery runs 64 threads at once
 * (they are instant: the machine's cores, not permits, set the pace) and keeps idle channels a day.
 * Each subject and size in a fresh process on a fresh playground.
 */
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
  settleSeconds: number;
}

async function measure(kind: SubjectKind, channels: number): Promise<PerChannel> {
  return onStage({ channels, script: 'quiet' }, async (stage) => {
    if (kind === 'ery') warmHistory(stage.dbPath, stage.world.channelIds);
    return withSubject(
      stage,
      kind,
      {
        env: {
          ERY_BATCH_WINDOW_MS: '0',
          ERY_COOLDOWN_MS: '0',
          // Settling 100,000 channels takes minutes: none may be reaped before all are idle.
          ERY_IDLE_TIMEOUT_MS: '86400000',
          ERY_MAX_RUNNING: '64',
          ERY_MAX_RUNNING_PER_GUILD: '64',
        },
      },
      async (subject) => {
        const memory = () => {
          const report = subject.next('memory');
          subject.send({ type: 'memory' });
          return report;
        };
        const before: Memory = await memory();
        const posts = stage.world.channelIds.map((channelId, n) => ({
          channelId,
          content: `hello ${marker(n)}`,
        }));
        const started = performance.now();
        // A chunk at a time, each settled before the next: with every channel ready at once, the
        // wait for run permits would be measured, not the memory of idle channels.
        for (let from = 0; from < channels; from += CHUNK) {
          const chunk = posts.slice(from, from + CHUNK);
          const settled = subject.milestone(kind === 'ery' ? 'idle' : 'received', from + chunk.length);
          await postPaced(stage.playground, chunk, stage.world.personId, subject, { before: from });
          await settled;
        }
        const settleSeconds = (performance.now() - started) / 1000;
        const after: Memory = await memory();
        return {
          heapBytes: (after.heapBytes - before.heapBytes) / channels,
          rssBytes: (after.rssBytes - before.rssBytes) / channels,
          objects: (after.objects - before.objects) / channels,
          settleSeconds,
        };
      },
    );
  });
}

export const idleMemory: BenchCase = {
  name: 'idle-memory',
  async run({ short }, log) {
    const sizes = short ? [500, 1_000] : [10_000, 100_000];
    const rows = [];
    const details: Record<string, Record<SubjectKind, PerChannel>> = {};
    for (const channels of sizes) {
      const bare = await measure('bare', channels);
      const ery = await measure('ery', channels);
      details[channels] = { bare, ery };
      log(
        `${channels} channels: heap ${bare.heapBytes.toFixed(0)} → ${ery.heapBytes.toFixed(0)} B, ` +
          `objects ${bare.objects.toFixed(0)} → ${ery.objects.toFixed(0)}, Ery settled in ${ery.settleSeconds.toFixed(1)} s`,
      );
      const size = `${channels.toLocaleString('en')} channels`;
      for (const [what, key] of [
        ['heap', 'heapBytes'],
        ['RSS', 'rssBytes'],
      ] as const) {
        const ratio = ery[key] / bare[key];
        rows.push(
          row({
            case: 'idle-memory',
            figure: `${what} per idle channel, ${size} with one message each`,
            baselineName: 'bare discord.js client',
            baseline: bare[key] / 1024,
            ery: ery[key] / 1024,
            unit: 'KiB',
            goal: atMost(ratio, 2),
          }),
        );
      }
    }
    return { scale: `${sizes.map((n) => n.toLocaleString('en')).join(' and ')} channels`, rows, details };
  },
};
