/**
 * A whole Ery for fuzz tests: the real app (discord.js client, openai SDK, a SQLite file) against
 * the playground, thinking with a scripted model that answers every `ping-…` marker it reads with a
 * `send_message` of `pong …`, so a test can post a valid mention after garbage and see it answered.
 */
import { afterAll, beforeAll } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEry, runEry } from '../../../src/app/run.ts';
import { loadEnv } from '../../../src/domain/config.ts';
import { createChatModel } from '../../../src/llm/select-model.ts';
import { type Playground, startPlayground } from '../../../src/playground/index.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { type OpenAIServer, type RecordedRequest, startOpenAIServer } from '../../support/openai-server.ts';

/** What a fuzz test of a whole Ery reads; fields are set once `beforeAll` has run. */
export interface EryFuzzWorld {
  playground: Playground;
  llm: OpenAIServer;
  ery: RunningEry;
  logLines: Array<Record<string, unknown>>;
  /** Alice mentions Ery in `channelId` with a fresh marker; resolves once Ery has answered it. */
  mentionAnswered(channelId?: string, timeoutMs?: number): Promise<void>;
  /** Resolves once Ery posts a message holding `marker` after playground event `since`. */
  answered(marker: string, since: number, timeoutMs?: number): Promise<void>;
}

const MARKER = /ping-[a-z0-9]+/g;
let markers = 0;

/** A marker the scripted model answers: `ping-` and a unique tail. */
export const newMarker = () => `ping-${(++markers).toString(36)}x${Math.random().toString(36).slice(2, 8)}`;

/** The scripted model: a pong for the markers of the newest batch, then silence once a tool ran. */
export function pongModel(request: RecordedRequest) {
  const last = request.body.messages.at(-1);
  if (last?.role !== 'user') return { reply: { content: null } };
  const seen = String(last.content).match(MARKER) ?? [];
  if (seen.length === 0) return { reply: { content: null } };
  return {
    reply: { toolCalls: [{ name: 'send_message', arguments: { content: `pong ${seen.join(' ')}` } }] },
  };
}

/** Registers the hooks of the file that calls it; `llm` answers with {@link pongModel} unless scripted. */
export function useEryFuzzWorld(prefix: string, extraEnv: Record<string, string> = {}): EryFuzzWorld {
  let dir = '';
  const world = {
    logLines: [],
    async mentionAnswered(channelId = world.playground.demo.channels.general, timeoutMs = 15_000) {
      const { users } = world.playground.demo;
      const marker = newMarker();
      const since = world.playground.events().at(-1)?.seq ?? 0;
      world.playground.postMessage({
        channelId,
        authorId: users.alice,
        content: `<@${users.ery}> ${marker}`,
      });
      await world.answered(marker, since, timeoutMs);
    },
    async answered(marker: string, since: number, timeoutMs = 15_000) {
      const { users } = world.playground.demo;
      try {
        await world.playground.waitFor(
          (event) =>
            event.seq > since &&
            event.type === 'message.created' &&
            event.actorId === users.ery &&
            event.message.content.includes(marker),
          timeoutMs,
        );
      } catch {
        // What Ery last warned about is the likeliest reason: put it in the failure.
        const warnings = world.logLines
          .filter((line) => Number(line.level) >= 40)
          .slice(-8)
          .map((line) =>
            `${line.event}: ${line.msg} ${JSON.stringify(line.reason ?? line.err ?? '')}`.slice(0, 400),
          );
        throw new Error(
          `Ery did not answer ${marker} within ${timeoutMs} ms; last warnings:\n${warnings.join('\n')}`,
        );
      }
    },
  } as unknown as EryFuzzWorld;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    world.playground = await startPlayground();
    world.llm = startOpenAIServer({ respond: pongModel });
    const { logger, lines } = captureLogger();
    world.logLines = lines;
    const env = loadEnv({
      ERY_DB_PATH: join(dir, 'ery.db'),
      ERY_BATCH_WINDOW_MS: '100',
      ERY_COOLDOWN_MS: '20',
      LLM_BASE_URL: world.llm.baseURL,
      LLM_API_KEY: 'test',
      LLM_MODEL: 'fuzz',
      ...extraEnv,
    });
    world.ery = await runEry({
      env,
      logger,
      // Retries wait 1 ms instead of 500 ms: the outcome is the same, the run is faster.
      model: createChatModel(env, logger, { retryBaseMs: 1 }),
      ops: false,
      target: { apiUrl: world.playground.apiUrl, token: world.playground.botToken },
    });
  });
  afterAll(async () => {
    await world.ery?.stop();
    await world.playground?.stop();
    await world.llm?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return world;
}
