/**
 * Mention → model request: one mention in each of many channels at a fixed rate, timed from the
 * moment the playground creates it to the moment its text first reaches the instant model. The
 * bare client asks the model at once and sends what it is told; Ery runs its whole path (gateway,
 * normalise, route, channel actor, permit, thread, context, openai SDK). Both warm up on other
 * channels first. Ery's run permits are raised to the channel count: each thread posts its answer,
 * and Discord's 50 requests/s would otherwise keep threads waiting on one another's posts (with the
 * defaults, 8 at once and 2 per server, that limit, not Ery, sets the latency).
 */
import { alternating, type BenchCase, median, quantile, row, type SubjectKind } from '../support/case.ts';
import { marker } from '../support/instant-model.ts';
import { type Post, postAtRate } from '../support/post.ts';
import { onStage, type Stage, warmHistory, withSubject } from '../support/stage.ts';

const WARM_CHANNELS = 100;
const WARM_RATE = 100;
const RATE = 1_000;
/** A mention not at the model by then counts as lost (and as infinitely late). */
const GIVE_UP_MS = 30_000;

interface Run {
  latenciesMs: number[];
  lost: number;
  /** The subject's CPU (ms) per measured mention, from the first post until every thread ended. */
  cpuMsPerMention: number;
}

const mentions = (stage: Stage, from: number, channels: readonly string[]): Post[] =>
  channels.map((channelId, i) => ({ channelId, content: `<@${stage.world.botId}> ${marker(from + i)}` }));

async function reach(stage: Stage, markers: number[], deadline: number): Promise<void> {
  while (!markers.every((n) => stage.model.seen.has(n)) && performance.now() < deadline) await Bun.sleep(5);
}

async function measure(kind: SubjectKind, channels: number): Promise<Run> {
  return onStage({ channels: channels + WARM_CHANNELS, script: 'send' }, async (stage) => {
    const warm = stage.world.channelIds.slice(0, WARM_CHANNELS);
    const measured = stage.world.channelIds.slice(WARM_CHANNELS);
    const permits = String(channels + WARM_CHANNELS);
    if (kind === 'ery') warmHistory(stage.dbPath, stage.world.channelIds);
    return withSubject(
      stage,
      kind,
      {
        answer: true,
        env: { ERY_MAX_RUNNING: permits, ERY_MAX_RUNNING_PER_GUILD: permits },
      },
      async (subject) => {
        const { personId } = stage.world;
        await postAtRate(stage.playground, mentions(stage, 0, warm), personId, WARM_RATE);
        await reach(stage, [...warm.keys()], performance.now() + GIVE_UP_MS);
        // Ery's threads end idle; the bare client counts each answer it sent.
        const settledAt = (count: number) => subject.milestone(kind === 'ery' ? 'idle' : 'answered', count);
        await settledAt(WARM_CHANNELS);
        const settled = settledAt(WARM_CHANNELS + channels);
        const posts = mentions(stage, WARM_CHANNELS, measured);
        const postedAt = await postAtRate(stage.playground, posts, personId, RATE);
        const numbers = posts.map((_, i) => WARM_CHANNELS + i);
        await reach(stage, numbers, performance.now() + GIVE_UP_MS);
        const latenciesMs = numbers.map((n, i) => {
          const seen = stage.model.seen.get(n);
          return seen === undefined ? Number.POSITIVE_INFINITY : seen - (postedAt[i] as number);
        });
        const { cpuMs } = await settled;
        return {
          latenciesMs,
          lost: latenciesMs.filter((ms) => ms === Number.POSITIVE_INFINITY).length,
          cpuMsPerMention: cpuMs / channels,
        };
      },
    );
  });
}

export const latency: BenchCase = {
  name: 'latency',
  async run({ short }, log) {
    const channels = short ? 300 : 1_000;
    const rounds = short ? 1 : 3;
    const runs = await alternating(
      rounds,
      (kind) => measure(kind, channels),
      (kind, run, round) => {
        const p = (q: number) => quantile(run.latenciesMs, q).toFixed(1);
        log(`round ${round + 1}: ${kind} p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, lost ${run.lost}`);
      },
    );
    // The median round's quantile, so one disturbed round does not decide the figure.
    const at = (kind: SubjectKind, q: number) =>
      median(runs[kind].map((run) => quantile(run.latenciesMs, q)));
    const scale = `${channels.toLocaleString('en')} mentions at ${RATE.toLocaleString('en')}/s, one per channel, median of ${rounds}`;
    const p99 = at('ery', 0.99);
    const ratio99 = p99 / at('bare', 0.99);
    const figure = (q: string) => `mention → model request ${q} (${scale})`;
    return {
      scale,
      rows: [
        row({
          case: 'latency',
          figure: figure('p50'),
          baselineName: 'bare discord.js client',
          baseline: at('bare', 0.5),
          ery: at('ery', 0.5),
          unit: 'ms',
          goal: null,
        }),
        row({
          case: 'latency',
          figure: figure('p99'),
          baselineName: 'bare discord.js client',
          baseline: at('bare', 0.99),
          ery: p99,
          unit: 'ms',
          goal: { text: '< 50 ms and ≤ 10×', met: p99 < 50 && ratio99 <= 10 },
        }),
        row({
          case: 'latency',
          // What decides whether the subject keeps up: at RATE mentions/s, this many ms of CPU per
          // mention is RATE × ms / 1000 cores, and the event loop is one.
          figure: 'CPU per mention (subject process), its whole thread and reply included',
          baselineName: 'bare discord.js client',
          baseline: median(runs.bare.map((run) => run.cpuMsPerMention)) * 1000,
          ery: median(runs.ery.map((run) => run.cpuMsPerMention)) * 1000,
          unit: 'µs',
          goal: null,
        }),
      ],
      details: {
        channels,
        rate: RATE,
        rounds,
        lost: { bare: runs.bare.map((run) => run.lost), ery: runs.ery.map((run) => run.lost) },
        quantilesMs: Object.fromEntries(
          (['bare', 'ery'] as const).map((kind) => [
            kind,
            runs[kind].map((run) => ({
              p50: quantile(run.latenciesMs, 0.5),
              p90: quantile(run.latenciesMs, 0.9),
              p99: quantile(run.latenciesMs, 0.99),
              max: quantile(run.latenciesMs, 1),
            })),
          ]),
        ),
      },
    };
  },
};
