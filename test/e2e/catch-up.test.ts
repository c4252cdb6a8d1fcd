import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { RunningEry } from '../../src/app/run.ts';
import { parseTranscript } from '../../src/llm/context.ts';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import { captureLogger } from '../support/capture-logger.ts';
import type { OpenAIServer, RecordedRequest } from '../support/openai-server.ts';
import { messageListReads, useEryWorld, waitUntil } from './support/ery-harness.ts';

/**
 * Catch-up after downtime (issue 11 §1): what was posted while Ery was stopped is read once it is
 * back, fed through the normal path, and nothing is answered twice. The real discord.js client
 * against the playground, the real openai SDK against a scripted model, one SQLite file across
 * the restart.
 */
setDefaultTimeout(30_000);

const world = useEryWorld('ery-catchup-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users } = DEMO_IDS;
const lastSeq = () => playground.events().at(-1)?.seq ?? 0;

const listReads = (channelId: string, since: number) => messageListReads(playground, channelId, since);

/** The ids of the batch the model was given (new lines say whether they mention Ery; history does not). */
const batchIds = (request: RecordedRequest) =>
  request.body.messages.flatMap((turn) =>
    typeof turn.content === 'string'
      ? parseTranscript(turn.content)
          .filter((line) => 'mentions_ery' in line)
          .map((line) => line.id)
      : [],
  );

/** The ids of the history the model was given, oldest first. */
const historyIds = (request: RecordedRequest) =>
  request.body.messages.flatMap((turn) =>
    typeof turn.content === 'string'
      ? parseTranscript(turn.content)
          .filter((line) => !('mentions_ery' in line))
          .map((line) => line.id)
      : [],
  );

/** Scripts one answered thread: the reply through send_message, then the end of the thread. */
function scriptAnswer(model: string, text: string): void {
  llm.script(model, { reply: { toolCalls: [{ name: 'send_message', arguments: { content: text } }] } });
  llm.script(model, { reply: { content: '' } });
}

const answered = (channelId: string, text: string) =>
  playground.state.messages(channelId).filter((message) => message.content === text).length;

/** Stops `ery` once its thread has ended (both scripted calls made) and its reply came back. */
async function stop(ery: RunningEry, model: string): Promise<void> {
  await waitUntil(() => llm.calls(model).length % 2 === 0 && llm.calls(model).length > 0);
  await Bun.sleep(100);
  await ery.stop();
  world.running.splice(world.running.indexOf(ery), 1);
}

describe('GIVEN Ery answered in a channel and was stopped', () => {
  test('WHEN a mention is posted while it is down THEN after the restart it is answered once, and nothing earlier is answered again', async () => {
    const db = join(world.dir, 'down.db');
    const model = 'catchup-mention';
    const channelId = DEMO_IDS.channels.random;
    const first = await world.startEry({ model, db });
    scriptAnswer(model, 'first answer');
    playground.postMessage({ channelId, authorId: users.alice, content: `<@${users.ery}> hello` });
    await waitUntil(() => answered(channelId, 'first answer') === 1);
    await stop(first, model);

    const chatter = playground.postMessage({ channelId, authorId: users.bob, content: 'while you were out' });
    const missed = playground.postMessage({
      channelId,
      authorId: users.alice,
      content: `<@${users.ery}> still there?`,
    });
    scriptAnswer(model, 'second answer');
    const calls = llm.calls(model).length;
    await world.startEry({ model, db });
    await waitUntil(() => answered(channelId, 'second answer') === 1);
    await Bun.sleep(300);

    const threadCalls = llm.calls(model).slice(calls);
    expect(threadCalls).toHaveLength(2);
    expect(batchIds(threadCalls[0] as RecordedRequest)).toEqual([chatter.id, missed.id]);
    expect(answered(channelId, 'first answer')).toBe(1);
    expect(answered(channelId, 'second answer')).toBe(1);
  });

  test('WHEN nothing was posted while it was down THEN it starts with no REST read of the channel, even though its own reply is the newest message', async () => {
    const db = join(world.dir, 'quiet.db');
    const model = 'catchup-quiet';
    const channelId = DEMO_IDS.channels.general;
    const first = await world.startEry({ model, db });
    scriptAnswer(model, 'quiet answer');
    playground.postMessage({ channelId, authorId: users.alice, content: `<@${users.ery}> hi` });
    await waitUntil(() => answered(channelId, 'quiet answer') === 1);
    await stop(first, model);

    const mark = lastSeq();
    const { logger, lines } = captureLogger();
    await world.startEry({ model, db, logger });
    await waitUntil(() => lines.some((line) => line.event === 'catchup.done'));
    expect(listReads(channelId, mark)).toHaveLength(0);
    expect(lines.find((line) => line.event === 'catchup.done')).toMatchObject({ behind: 0, fed: 0 });
  });

  test('WHEN its thread was locked and a manager mentioned it there THEN no restart reads or feeds that message again', async () => {
    const db = join(world.dir, 'locked.db');
    const model = 'catchup-locked';
    const { logger, lines } = captureLogger();
    const first = await world.startEry({ model, db, logger });
    const thread = playground.startThread({
      parentId: DEMO_IDS.channels.general,
      actorId: users.alice,
      name: 'q',
    });
    await waitUntil(() => first.discord.names.channel(thread.id) !== null);
    scriptAnswer(model, 'thread answer');
    playground.postMessage({ channelId: thread.id, authorId: users.alice, content: `<@${users.ery}> hi` });
    await waitUntil(() => answered(thread.id, 'thread answer') === 1);
    playground.updateThread({ threadId: thread.id, actorId: users.owner, locked: true });
    const locked = playground.postMessage({
      channelId: thread.id,
      authorId: users.owner,
      content: `<@${users.ery}> anything to add?`,
    });
    await waitUntil(() =>
      lines.some((l) => l.event === 'discord.thread.locked_out' && l.messageId === locked.id),
    );
    await stop(first, model);

    // Twice: the bug was a message fed again at every start.
    for (let round = 0; round < 2; round += 1) {
      const mark = lastSeq();
      const restarted = captureLogger();
      const ery = await world.startEry({ model, db, logger: restarted.logger });
      await waitUntil(() => restarted.lines.some((line) => line.event === 'catchup.done'));
      expect(listReads(thread.id, mark)).toHaveLength(0);
      expect(restarted.lines.find((line) => line.event === 'catchup.done')).toMatchObject({
        behind: 0,
        fed: 0,
      });
      expect(restarted.lines.some((line) => line.event === 'discord.thread.locked_out')).toBe(false);
      await ery.stop();
      world.running.splice(world.running.indexOf(ery), 1);
    }
  });
});

describe('GIVEN catch-up bounds', () => {
  test('WHEN more messages were missed than ERY_CATCHUP_MAX_MESSAGES THEN the newest are fed, the rest skipped and logged', async () => {
    const db = join(world.dir, 'bounded.db');
    const model = 'catchup-bounded';
    const channelId = DEMO_IDS.channels.random;
    const env = { ERY_CATCHUP_MAX_MESSAGES: '3', ERY_BATCH_SIZE: '3' };
    const first = await world.startEry({ model, db, env });
    scriptAnswer(model, 'bounded answer');
    playground.postMessage({ channelId, authorId: users.alice, content: `<@${users.ery}> count me` });
    await waitUntil(() => answered(channelId, 'bounded answer') === 1);
    await stop(first, model);

    const posted = Array.from({ length: 6 }, (_, index) =>
      playground.postMessage({ channelId, authorId: users.bob, content: `missed ${index}` }),
    );
    scriptAnswer(model, 'after the gap');
    const calls = llm.calls(model).length;
    const { logger, lines } = captureLogger();
    await world.startEry({ model, db, env, logger });
    await waitUntil(() => answered(channelId, 'after the gap') === 1);
    const request = llm.calls(model)[calls] as RecordedRequest;
    expect(batchIds(request)).toEqual(posted.slice(3).map((m) => m.id));
    // The skipped ones are not fed, but history has no gap: the buffer restarted at the first one read.
    expect(historyIds(request).slice(-3)).toEqual(posted.slice(0, 3).map((m) => m.id));
    expect(lines.find((line) => line.event === 'catchup.skipped')).toMatchObject({
      channelId,
      reason: 'count',
      read: 3,
    });
  });

  test('WHEN the missed messages are older than ERY_CATCHUP_MAX_AGE_MS THEN none is fed and the skip is logged', async () => {
    const db = join(world.dir, 'aged.db');
    const model = 'catchup-aged';
    const channelId = DEMO_IDS.channels.general;
    const env = { ERY_CATCHUP_MAX_AGE_MS: '1' };
    const first = await world.startEry({ model, db, env });
    scriptAnswer(model, 'aged answer');
    playground.postMessage({ channelId, authorId: users.alice, content: `<@${users.ery}> age me` });
    await waitUntil(() => answered(channelId, 'aged answer') === 1);
    await stop(first, model);

    playground.postMessage({ channelId, authorId: users.alice, content: `<@${users.ery}> too late` });
    await Bun.sleep(20);
    const calls = llm.calls(model).length;
    const { logger, lines } = captureLogger();
    await world.startEry({ model, db, env, logger });
    await waitUntil(() => lines.some((line) => line.event === 'catchup.done'));
    expect(lines.find((line) => line.event === 'catchup.skipped')).toMatchObject({
      channelId,
      reason: 'age',
      read: 0,
    });
    await Bun.sleep(300);
    expect(llm.calls(model).length).toBe(calls);
  });

  test('WHEN a channel Ery never saw got messages while it was down THEN it is not read', async () => {
    const db = join(world.dir, 'unseen.db');
    const model = 'catchup-unseen';
    const first = await world.startEry({ model, db });
    scriptAnswer(model, 'seen answer');
    playground.postMessage({
      channelId: DEMO_IDS.channels.general,
      authorId: users.alice,
      content: `<@${users.ery}> seen`,
    });
    await waitUntil(() => answered(DEMO_IDS.channels.general, 'seen answer') === 1);
    await stop(first, model);

    const unseen = DEMO_IDS.channels.random;
    playground.postMessage({
      channelId: unseen,
      authorId: users.alice,
      content: `<@${users.ery}> over here`,
    });
    const mark = lastSeq();
    const calls = llm.calls(model).length;
    const { logger, lines } = captureLogger();
    await world.startEry({ model, db, logger });
    await waitUntil(() => lines.some((line) => line.event === 'catchup.done'));
    expect(listReads(unseen, mark)).toHaveLength(0);
    expect(llm.calls(model).length).toBe(calls);
  });
});
