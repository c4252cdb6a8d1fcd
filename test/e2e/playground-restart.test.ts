/**
 * Ery and its playground restarted together (issue 7): the playground keeps its world in its own
 * SQLite file beside Ery's, so a batch Ery resumes refers to messages the channel still shows; a
 * fresh start empties both sides for the playground's server. Real discord.js, real SQLite files.
 */
import { afterAll, afterEach, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TextChannel } from 'discord.js';
import { eq } from 'drizzle-orm';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { channels as channelRows, threads } from '../../src/db/schema.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { DEMO_IDS, type Playground, playgroundPathFor } from '../../src/playground/index.ts';
import { loginClient } from '../playground/helpers.ts';

setDefaultTimeout(30_000);
const dir = mkdtempSync(join(tmpdir(), 'ery-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: RunningEry[] = [];
afterEach(async () => {
  for (const ery of running.splice(0)) await ery.stop();
});

const { users, channels, guildId } = DEMO_IDS;

/** Ery on the playground with no token and the offline demo model; a batch stays open for 10 minutes. */
async function startEry(dbPath: string, options: { fresh?: boolean } = {}) {
  const env = loadEnv({ ERY_DB_PATH: dbPath, ERY_PLAYGROUND_PORT: '0', ERY_BATCH_WINDOW_MS: '600000' });
  const ery = await runEry({
    env,
    logger: silentLogger,
    ops: false,
    ...(options.fresh ? { fresh: true } : {}),
  });
  running.push(ery);
  return { ery, playground: ery.playground as Playground };
}

async function stopEry(ery: RunningEry) {
  running.splice(running.indexOf(ery), 1);
  await ery.stop();
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await Bun.sleep(20);
  }
}

const batchOf = (ery: RunningEry, channelId: string) =>
  ery.core.supervisor
    .actorOf(channelId)
    ?.getSnapshot()
    .context.batch.map((message) => message.id) ?? [];

/** A message posted by Bob in #random, held in Ery's open batch, then both stopped. */
async function openBatchThenStop(dbPath: string) {
  const { ery, playground } = await startEry(dbPath);
  const message = playground.postMessage({
    channelId: channels.random,
    authorId: users.bob,
    content: 'remember me',
  });
  await waitUntil(() => batchOf(ery, channels.random).includes(message.id));
  await stopEry(ery);
  return message;
}

describe('Ery and its playground after a restart', () => {
  test('GIVEN a message in an open batch WHEN Ery and the playground restart THEN the history still has it and the resumed batch refers to it', async () => {
    const dbPath = join(dir, 'restart', 'ery.db');
    const message = await openBatchThenStop(dbPath);
    expect(existsSync(playgroundPathFor(dbPath) as string)).toBe(true);

    const { ery, playground } = await startEry(dbPath);
    expect(playground.restored).toBe(true);
    expect(batchOf(ery, channels.random)).toEqual([message.id]);
    for (const id of batchOf(ery, channels.random)) expect(playground.state.message(id)).toBeDefined();
    // What a Discord client reads from the channel after the restart.
    const client = await loginClient(playground);
    try {
      const channel = (await client.channels.fetch(channels.random)) as TextChannel;
      const history = await channel.messages.fetch({ limit: 10 });
      expect(history.map((m) => [m.id, m.author.id, m.content])).toEqual([
        [message.id, users.bob, 'remember me'],
      ]);
    } finally {
      await client.destroy();
    }
    // A mention now runs the resumed batch: Ery answers in a channel that still has what it read.
    const mention = playground.postMessage({
      channelId: channels.random,
      authorId: users.alice,
      content: `<@${users.ery}> are you there?`,
    });
    const reply = await playground.waitFor(
      (event) => event.type === 'message.created' && event.actorId === users.ery,
      10_000,
    );
    expect(reply.type === 'message.created' && reply.message.channelId).toBe(channels.random);
    const thread = ery.core.db.select().from(threads).where(eq(threads.channelId, channels.random)).get();
    expect(thread?.messageIds).toEqual([message.id, mention.id]);
  });

  test('GIVEN --fresh WHEN Ery and the playground start THEN the channel is empty and no stale batch resumes', async () => {
    const dbPath = join(dir, 'fresh', 'ery.db');
    await openBatchThenStop(dbPath);

    const { ery, playground } = await startEry(dbPath, { fresh: true });
    expect(playground.restored).toBe(false);
    expect(playground.state.messages(channels.random)).toEqual([]);
    expect(ery.core.supervisor.channels()).toEqual([]);
    expect(ery.core.db.select().from(channelRows).where(eq(channelRows.guildId, guildId)).all()).toEqual([]);
    // A message now opens a new batch holding only itself.
    const message = playground.postMessage({
      channelId: channels.random,
      authorId: users.bob,
      content: 'new',
    });
    await waitUntil(() => batchOf(ery, channels.random).length > 0);
    expect(batchOf(ery, channels.random)).toEqual([message.id]);
  });

  test('GIVEN the playground file is gone WHEN Ery restarts THEN the playground seeds again and Ery drops its stale batch with it', async () => {
    const dbPath = join(dir, 'lost', 'ery.db');
    await openBatchThenStop(dbPath);
    rmSync(playgroundPathFor(dbPath) as string);

    const { ery, playground } = await startEry(dbPath);
    expect(playground.restored).toBe(false);
    expect(ery.core.supervisor.channels()).toEqual([]);
    expect(batchOf(ery, channels.random)).toEqual([]);
  });
});
