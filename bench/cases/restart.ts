/**
 * Restart: Ery starts on a database of many persisted channels, a few of them busy (a thread on a
 * mention was running when Ery stopped), in a world with all of those channels. Timed from the
 * spawn of the process until every busy channel's thread has asked the model again. The baseline
 * is a bare discord.js client's spawn → ready on the same world. Each start in a fresh process, on
 * a fresh copy of the same database.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { alternating, atMost, type BenchCase, median, row, type SubjectKind } from '../support/case.ts';
import { marker } from '../support/instant-model.ts';
import { chatMessage, persistWorld } from '../support/persisted-world.ts';
import { onStage, rememberIdentity, type Stage, warmHistory, withSubject } from '../support/stage.ts';

const GOAL_SECONDS = 2;

interface Start {
  readySeconds: number;
  /** Ery: until the last busy channel's thread reached the model. */
  busySeconds: number | null;
}

async function start(stage: Stage, kind: SubjectKind, db: string | null, markers: number[]): Promise<Start> {
  stage.model.seen.clear();
  return withSubject(stage, kind, db ? { dbPath: db } : {}, async (subject) => {
    const readySeconds = (subject.readyAt - subject.spawnedAt) / 1000;
    if (kind === 'bare') return { readySeconds, busySeconds: null };
    const deadline = performance.now() + 120_000;
    while (!markers.every((n) => stage.model.seen.has(n)) && performance.now() < deadline) await Bun.sleep(2);
    const last = Math.max(...markers.map((n) => stage.model.seen.get(n) ?? Number.POSITIVE_INFINITY));
    return { readySeconds, busySeconds: (last - subject.spawnedAt) / 1000 };
  });
}

export const restart: BenchCase = {
  name: 'restart',
  async run({ short }, log) {
    const channels = short ? 10_000 : 100_000;
    const busyCount = short ? 100 : 1_000;
    const rounds = short ? 1 : 3;
    return onStage({ channels, script: 'send' }, async (stage) => {
      const { botId, personId, channelIds } = stage.world;
      // Spread over every server, as busy channels are.
      const stride = Math.floor(channels / busyCount);
      const busy = channelIds.filter((_, i) => i % stride === 0).slice(0, busyCount);
      const busySet = new Set(busy);
      const mentions = busy.map((channelId, n) => {
        const posted = stage.playground.postMessage({
          channelId,
          authorId: personId,
          content: `<@${botId}> ${marker(n)}`,
        });
        return chatMessage(
          { id: posted.id, channelId, content: posted.content, createdAt: Date.parse(posted.timestamp) },
          botId,
          personId,
        );
      });
      const prepared = performance.now();
      await persistWorld(
        stage.dbPath,
        mentions,
        channelIds.filter((id) => !busySet.has(id)),
      );
      warmHistory(stage.dbPath, busy);
      rememberIdentity(stage);
      log(
        `persisted ${channels} channels (${busyCount} busy) in ${((performance.now() - prepared) / 1000).toFixed(1)} s`,
      );
      const markers = busy.map((_, n) => n);
      let copies = 0;
      const starts = await alternating(
        rounds,
        async (kind) => {
          // Each start of Ery on a fresh copy: the last one's threads changed its database.
          if (kind === 'bare') return start(stage, kind, null, markers);
          copies += 1;
          const db = join(stage.dir, `restart-${copies}.db`);
          copyFileSync(stage.dbPath, db);
          return start(stage, kind, db, markers);
        },
        (kind, result, at) =>
          log(
            `round ${at + 1}: ${kind} ready ${result.readySeconds.toFixed(2)} s, busy at model ${result.busySeconds?.toFixed(2) ?? '–'} s`,
          ),
      );
      const bareReady = median(starts.bare.map((s) => s.readySeconds));
      const eryReady = median(starts.ery.map((s) => s.readySeconds));
      const eryBusy = median(starts.ery.map((s) => s.busySeconds ?? Number.POSITIVE_INFINITY));
      const scale = `${channels.toLocaleString('en')} persisted channels, ${busyCount.toLocaleString('en')} busy, median of ${rounds}`;
      return {
        scale,
        rows: [
          row({
            case: 'restart',
            figure: `spawn → every busy channel back at the model (${scale}); baseline: spawn → ready`,
            baselineName: 'bare discord.js client',
            baseline: bareReady,
            ery: eryBusy,
            unit: 's',
            goal: atMost(eryBusy, GOAL_SECONDS, ' s'),
          }),
          row({
            case: 'restart',
            figure: 'spawn → ready (logged in; busy channels resume before it)',
            baselineName: 'bare discord.js client',
            baseline: bareReady,
            ery: eryReady,
            unit: 's',
            goal: null,
          }),
        ],
        details: { channels, busy: busyCount, rounds, starts },
      };
    });
  },
};
