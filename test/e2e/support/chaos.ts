/**
 * Crash recovery proven by chaos (issue 11 §2): `ery start` as a separate process against the
 * playground and a scripted model, killed with SIGKILL at seeded random points — while a thread
 * waits for the model, right after a tool acted on Discord, or at any moment of a burst (mid-write)
 * — and started again each time, with messages posted while it is down. At the end one more Ery
 * settles everything, and {@link ChaosOutcome} says what was lost, answered twice or repeated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTranscript } from '../../../src/llm/context.ts';
import { type Playground, startPlayground } from '../../../src/playground/index.ts';
import { type OpenAIServer, type RecordedRequest, startOpenAIServer } from '../../support/openai-server.ts';
import { cliEnv, ERY, type EryProcess, freePort } from './cli-process.ts';

/** A seeded generator (mulberry32): the same seed gives the same run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Where a round's kill lands. */
export type KillPoint = 'waiting-for-model' | 'after-tool' | 'anywhere';

/** What a chaos run found; a sound Ery has every list empty and every channel settled. */
export interface ChaosOutcome {
  posted: number;
  kills: KillPoint[];
  /** Messages posted that no thread ever gave the model as new: each id, the round, up or down, where. */
  lost: string[];
  /** Ids of messages that two different threads were given as new. */
  answeredTwice: string[];
  /** Texts Ery posted more than once. */
  repeatedSends: string[];
  /** Channels not back at rest (`idle`, nothing batched or queued) once everything settled. */
  unsettled: Array<{ channelId: string; state: string; batch: number; queue: number }>;
}

/** The ids of a model request's batch: new lines say whether they mention Ery; history does not. */
const batchOf = (request: RecordedRequest): string[] =>
  request.body.messages.flatMap((turn) =>
    typeof turn.content === 'string'
      ? parseTranscript(turn.content)
          .filter((line) => 'mentions_ery' in line)
          .map((line) => line.id)
      : [],
  );

/** The scripted model: after a tool result it ends the thread; else, after a wait, it answers the batch. */
function chaosModel(random: () => number): OpenAIServer {
  return startOpenAIServer({
    respond: (request) => {
      const last = request.body.messages.at(-1);
      if (last?.role === 'tool') return { reply: { content: '' } };
      const content = `ack ${batchOf(request).join(',')}`;
      return {
        delayMs: Math.floor(random() * 120),
        after: { reply: { toolCalls: [{ name: 'send_message', arguments: { content } }] } },
      };
    },
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await Bun.sleep(10);
  }
  return true;
}

/**
 * Runs `rounds` kill-and-restart rounds from `seed`, then settles and reports.
 *
 * @param options.rounds how many times Ery is killed (a short run in `npm test`, many in the soak).
 */
export async function runChaos(options: { seed: number; rounds: number }): Promise<ChaosOutcome> {
  const random = seeded(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const dir = mkdtempSync(join(tmpdir(), 'ery-chaos-'));
  const pg: Playground = await startPlayground({ port: 0 });
  const llm = chaosModel(random);
  const { channels, users } = pg.demo;
  const rooms = [channels.general, channels.random];
  const posted: string[] = [];
  const notes = new Map<string, string>();
  let phase = 'start';
  const kills: KillPoint[] = [];
  let child: EryProcess | undefined;
  let opsPort = 0;

  const start = async (): Promise<void> => {
    opsPort = freePort();
    const env = cliEnv({
      DISCORD_TOKEN: pg.botToken,
      DISCORD_API_URL: pg.apiUrl,
      LLM_BASE_URL: llm.baseURL,
      LLM_API_KEY: 'chaos',
      LLM_MODEL: 'chaos',
      ERY_DB_PATH: join(dir, 'ery.db'),
      ERY_HTTP_PORT: String(opsPort),
      ERY_BATCH_SIZE: '3',
      ERY_BATCH_WINDOW_MS: '250',
      ERY_COOLDOWN_MS: '50',
      LOG_LEVEL: process.env.CHAOS_LOG ?? 'fatal',
    });
    // Logs go to a file: a pipe nobody reads would fill and stall the child.
    const log = process.env.CHAOS_LOG_DIR
      ? join(process.env.CHAOS_LOG_DIR, `ery-${kills.length}.log`)
      : '/dev/null';
    child = Bun.spawn([ERY, 'start'], {
      cwd: dir,
      env,
      stdin: 'ignore',
      stdout: Bun.file(log),
      stderr: Bun.file(log),
    }) as unknown as EryProcess;
    // Serving: logged in, busy channels resumed, messages taken (before that the gateway has no
    // session to deliver to, and a message posted then is not one Ery received).
    const healthy = async () =>
      (await fetch(`http://127.0.0.1:${opsPort}/healthz`).then(
        (r) => r.status,
        () => 0,
      )) === 200;
    for (let tries = 0; !(await healthy()); tries += 1) {
      if (tries > 1500 || child.exitCode !== null)
        throw new Error(`Ery did not start (exit ${child.exitCode})`);
      await Bun.sleep(10);
    }
  };
  const post = (): void => {
    const channelId = pick(rooms);
    const mention = random() < 0.4 ? `<@${users.ery}> ` : '';
    const message = pg.postMessage({
      channelId,
      authorId: pick([users.alice, users.bob]),
      content: `${mention}chaos ${posted.length}`,
    });
    posted.push(message.id);
    notes.set(
      message.id,
      `${phase} ${channelId === channels.general ? 'general' : 'random'} ${mention ? 'mention' : ''}`,
    );
  };
  const kill = async (): Promise<void> => {
    child?.kill('SIGKILL');
    await child?.exited;
    await until(() => pg.connections === 0, 5_000);
  };

  try {
    // Ery first serves both channels and stops cleanly: catch-up reads only channels it has served.
    await start();
    const greetings = rooms.map(
      (channelId) =>
        pg.postMessage({ channelId, authorId: users.alice, content: `<@${users.ery}> hello` }).id,
    );
    posted.push(...greetings);
    await until(
      () => greetings.every((id) => llm.requests.some((request) => batchOf(request).includes(id))),
      10_000,
    );
    child?.kill('SIGTERM');
    await child?.exited;
    await until(() => pg.connections === 0, 5_000);
    for (let round = 0; round < options.rounds; round += 1) {
      await start();
      const point = pick<KillPoint>(['waiting-for-model', 'after-tool', 'anywhere']);
      kills.push(point);
      phase = `round ${round} up (${point})`;
      const requests = llm.requests.length;
      const sends = pg
        .events()
        .filter((e) => e.type === 'message.created' && e.message.author.id === users.ery).length;
      const burst = 2 + Math.floor(random() * 5);
      for (let index = 0; index < burst; index += 1) {
        post();
        await Bun.sleep(Math.floor(random() * 60));
      }
      if (point === 'waiting-for-model') await until(() => llm.requests.length > requests, 3_000);
      if (point === 'after-tool') {
        await until(
          () =>
            pg.events().filter((e) => e.type === 'message.created' && e.message.author.id === users.ery)
              .length > sends,
          3_000,
        );
      }
      if (point === 'anywhere') await Bun.sleep(Math.floor(random() * 400));
      await kill();
      phase = `round ${round} down`;
      const whileDown = random() < 0.5 ? 1 + Math.floor(random() * 3) : 0;
      for (let index = 0; index < whileDown; index += 1) post();
    }

    // One last Ery settles everything: every posted message reaches a thread, every channel rests.
    await start();
    const seen = () => new Set(llm.requests.flatMap(batchOf));
    await until(() => posted.every((id) => seen().has(id)), 30_000);
    const actors = async () =>
      (await (await fetch(`http://127.0.0.1:${opsPort}/api/actors`)).json()) as Array<{
        channelId: string;
        state: string;
        batch: number;
        queue: number;
      }>;
    const settled = (list: Awaited<ReturnType<typeof actors>>) =>
      list.filter((actor) => actor.state !== 'idle' || actor.batch > 0 || actor.queue > 0);
    let unsettled = settled(await actors());
    for (let tries = 0; tries < 300 && unsettled.length > 0; tries += 1) {
      await Bun.sleep(50);
      unsettled = settled(await actors());
    }

    const owner = new Map<string, string>();
    const answeredTwice = new Set<string>();
    for (const request of llm.requests) {
      const batch = batchOf(request);
      const key = batch.join(',');
      for (const id of batch) {
        const first = owner.get(id);
        if (first === undefined) owner.set(id, key);
        else if (first !== key) answeredTwice.add(id);
      }
    }
    const texts = pg
      .events()
      .flatMap((e) =>
        e.type === 'message.created' && e.message.author.id === users.ery ? [e.message.content] : [],
      );
    const repeatedSends = [...new Set(texts.filter((text, index) => texts.indexOf(text) !== index))];
    return {
      posted: posted.length,
      kills,
      lost: posted.filter((id) => !owner.has(id)).map((id) => `${id} ${notes.get(id)}`),
      answeredTwice: [...answeredTwice],
      repeatedSends,
      unsettled,
    };
  } finally {
    child?.kill('SIGKILL');
    await child?.exited;
    await llm.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
