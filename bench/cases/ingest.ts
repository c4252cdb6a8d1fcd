/**
 * Ingest: plain messages over many channels, posted in the playground as fast as the subject takes
 * them, until all are delivered (bare discord.js client) or all are routed to their channel actors
 * and written to SQLite (Ery, default settings: batches of 5 run threads against the instant model
 * meanwhile). Each subject first takes a warm-up on other channels, so JIT and caches are warm and
 * the channels measured are new to it. Rounds alternate the two subjects, each in a fresh process
 * on a fresh playground.
 */
import { alternating, atLeast, type BenchCase, median, row, type SubjectKind } from '../support/case.ts';
import { marker } from '../support/instant-model.ts';
import { postPaced } from '../support/post.ts';
import { epochNow } from '../support/protocol.ts';
import { onStage, warmHistory, withSubject } from '../support/stage.ts';

interface Run {
  perSecond: number;
  cpuUsPerMessage: number;
}

const WARM_CHANNELS = 100;
const WARM_MESSAGES = 1_000;

const posts = (channelIds: readonly string[], count: number, from: number) =>
  Array.from({ length: count }, (_, n) => ({
    channelId: channelIds[n % channelIds.length] as string,
    content: `plain message ${marker(from + n)}`,
  }));

async function measure(kind: SubjectKind, messages: number, channels: number): Promise<Run> {
  return onStage({ channels: channels + WARM_CHANNELS, script: 'quiet' }, async (stage) => {
    if (kind === 'ery') warmHistory(stage.dbPath, stage.world.channelIds);
    return withSubject(stage, kind, {}, async (subject) => {
      const { personId, channelIds } = stage.world;
      const warm = subject.milestone('stored', WARM_MESSAGES);
      await postPaced(
        stage.playground,
        posts(channelIds.slice(0, WARM_CHANNELS), WARM_MESSAGES, 0),
        personId,
        subject,
      );
      await warm;
      const measured = posts(channelIds.slice(WARM_CHANNELS), messages, WARM_MESSAGES);
      const reached = subject.milestone('stored', WARM_MESSAGES + messages);
      const started = epochNow();
      await postPaced(stage.playground, measured, personId, subject, { before: WARM_MESSAGES });
      const done = await reached;
      return {
        perSecond: messages / ((done.at - started) / 1000),
        cpuUsPerMessage: (done.cpuMs * 1000) / messages,
      };
    });
  });
}

export const ingest: BenchCase = {
  name: 'ingest',
  async run({ short }, log) {
    const messages = short ? 5_000 : 20_000;
    const channels = 1_000;
    const rounds = short ? 1 : 3;
    const runs = await alternating(
      rounds,
      (kind) => measure(kind, messages, channels),
      (kind, run, round) => log(`round ${round + 1}: ${kind} ${Math.round(run.perSecond)} msg/s`),
    );
    const rate = (kind: SubjectKind) => median(runs[kind].map((run) => run.perSecond));
    const cpu = (kind: SubjectKind) => median(runs[kind].map((run) => run.cpuUsPerMessage));
    const ratio = rate('ery') / rate('bare');
    const scale = `${messages.toLocaleString('en')} messages over ${channels.toLocaleString('en')} channels, median of ${rounds}`;
    return {
      scale,
      rows: [
        row({
          case: 'ingest',
          figure: `messages/s until in SQLite (${scale})`,
          baselineName: 'bare discord.js client',
          baseline: rate('bare'),
          ery: rate('ery'),
          unit: 'msg/s',
          goal: atLeast(ratio, 0.8),
        }),
        row({
          case: 'ingest',
          figure: 'CPU per ingested message (subject process)',
          baselineName: 'bare discord.js client',
          baseline: cpu('bare'),
          ery: cpu('ery'),
          unit: 'µs',
          goal: null,
        }),
      ],
      details: { messages, channels, rounds, runs },
    };
  },
};
