import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import { parseTranscript } from '../../src/llm/context.ts';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import type { OpenAIServer, RecordedRequest } from '../support/openai-server.ts';
import { messageListReads, useEryWorld, waitUntil } from './support/ery-harness.ts';

/**
 * Issue 10: channel history comes from what the gateway delivered (the recent-message buffer), not
 * from a REST call per thread. The real discord.js client against the playground, the real openai
 * SDK against a scripted model, a real SQLite file that survives a restart.
 */
setDefaultTimeout(30_000);

const world = useEryWorld('ery-history-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels } = DEMO_IDS;
const channelId = channels.random;
const HISTORY_LIMIT = 30;

/** GET requests for the channel's message list: what history over REST costs. */
const historyReads = (since: number) => messageListReads(playground, channelId, since);
const lastSeq = () => playground.events().at(-1)?.seq ?? 0;

/** The message ids the model was shown, in order, from every transcript block of the request. */
const shownIds = (request: RecordedRequest) =>
  request.body.messages.flatMap((turn) =>
    typeof turn.content === 'string' ? parseTranscript(turn.content).map((line) => line.id) : [],
  );

/** What REST history would give for a batch starting at `firstBatchId`: the playground's own record. */
const restHistory = (firstBatchId: string) => {
  const all = playground.state.messages(channelId).map((message) => message.id);
  return all.slice(0, all.indexOf(firstBatchId)).slice(-HISTORY_LIMIT);
};

/** One addressed thread: a mention, a scripted reply through send_message, then the thread ends. */
async function askEry(model: string, text: string) {
  llm.script(model, {
    reply: { toolCalls: [{ name: 'send_message', arguments: { content: `answer to ${text}` } }] },
  });
  llm.script(model, { reply: { content: '' } });
  const calls = llm.calls(model).length;
  const asked = playground.postMessage({
    channelId,
    authorId: users.alice,
    content: `<@${users.ery}> ${text}`,
  });
  await waitUntil(() => llm.calls(model).length >= calls + 2);
  await waitUntil(() =>
    playground.state.messages(channelId).some((message) => message.content === `answer to ${text}`),
  );
  return { asked, request: llm.calls(model)[calls] as RecordedRequest };
}

describe('channel history without REST', () => {
  test('GIVEN a channel Ery has seen WHEN later threads start THEN they read history with zero REST calls and the model sees what REST would give, Ery’s own replies included', async () => {
    const dbPath = join(world.dir, 'history.db');
    const model = 'history-model';
    await world.startEry({ model, db: dbPath });
    for (let index = 0; index < 3; index += 1) {
      playground.postMessage({ channelId, authorId: users.bob, content: `chatter ${index}` });
    }

    const firstMark = lastSeq();
    const first = await askEry(model, 'first');
    // Ery never saw what came before it started: it asks Discord once, to fill the buffer.
    expect(historyReads(firstMark)).toHaveLength(1);
    expect(shownIds(first.request).filter((id) => id !== first.asked.id)).toEqual(
      restHistory(first.asked.id),
    );

    const secondMark = lastSeq();
    const second = await askEry(model, 'second');
    expect(historyReads(secondMark)).toEqual([]);
    const secondHistory = restHistory(second.asked.id);
    expect(shownIds(second.request).filter((id) => id !== second.asked.id)).toEqual(secondHistory);
    // Ery's own reply to the first question reached the buffer through the gateway.
    const ownReply = playground.state
      .messages(channelId)
      .find((message) => message.content === 'answer to first');
    expect(secondHistory).toContain(ownReply?.id as string);

    // After a restart the stored buffer answers: still no REST.
    await world.running.splice(0)[0]?.stop();
    await world.startEry({ model, db: dbPath });
    const restartMark = lastSeq();
    const third = await askEry(model, 'third');
    expect(historyReads(restartMark)).toEqual([]);
    expect(shownIds(third.request).filter((id) => id !== third.asked.id)).toEqual(
      restHistory(third.asked.id),
    );
  });

  test('GIVEN a gateway session that is lost (not resumed) THEN catch-up reads once what was posted in the gap, feeds it, and threads read a history without gap and without REST', async () => {
    const model = 'session-model';
    const ery = await world.startEry({ model });
    await askEry(model, 'before the loss');
    const identified = playground.events().filter((event) => event.type === 'gateway.identified').length;
    const lostMark = lastSeq();
    playground.faults.invalidateSessions();
    // Posted before the new session exists: the gateway never delivers it.
    const gap = playground.postMessage({ channelId, authorId: users.bob, content: 'said in the gap' });
    await waitUntil(
      () => playground.events().filter((event) => event.type === 'gateway.identified').length > identified,
    );
    await waitUntil(() => ery.discord.gatewayStatus() === 'connected');
    // Catch-up runs beside the new session: wait until it fed the gap (its actor got the message,
    // which the buffer took first), else a question asked at once may race it (found under load).
    await waitUntil(
      () => ery.core.supervisor.actorOf(channelId)?.getSnapshot().context.lastMessageId === gap.id,
    );

    const after = await askEry(model, 'after the loss');
    expect(historyReads(lostMark)).toHaveLength(1);
    const shown = shownIds(after.request);
    expect(shown).toContain(gap.id);
    expect(shown.filter((id) => id !== after.asked.id)).toEqual(restHistory(after.asked.id));
    const nextMark = lastSeq();
    await askEry(model, 'once more');
    expect(historyReads(nextMark)).toEqual([]);
  });

  test('GIVEN messages edited, deleted and bulk-deleted in a warm channel THEN the next thread shows them as they now are, edits and deletes marked, with zero REST calls', async () => {
    const model = 'changes-model';
    await world.startEry({ model });
    const said = ['typo here', 'delete me', 'bulk one', 'bulk two'].map((content) =>
      playground.postMessage({ channelId, authorId: users.bob, content }),
    );
    await askEry(model, 'warm up');
    const [typo, single, ...bulk] = said.map((message) => message.id);
    playground.editMessage({
      channelId,
      messageId: typo as string,
      authorId: users.bob,
      content: 'fixed text',
    });
    playground.deleteMessage({ channelId, messageId: single as string, actorId: users.bob });
    playground.bulkDeleteMessages({ channelId, messageIds: bulk, actorId: users.moderator });
    await waitUntil(() =>
      playground.state.messages(channelId).every((message) => !bulk.includes(message.id)),
    );

    const mark = lastSeq();
    const asked = await askEry(model, 'after the changes');
    expect(historyReads(mark)).toEqual([]);
    const lines = asked.request.body.messages.flatMap((turn) =>
      typeof turn.content === 'string' ? parseTranscript(turn.content) : [],
    );
    const deletedIds = [single, ...bulk] as string[];
    // REST no longer has the deleted ones; history still shows where they were, marked, with no text.
    expect(
      lines.map((line) => line.id).filter((id) => id !== asked.asked.id && !deletedIds.includes(id)),
    ).toEqual(restHistory(asked.asked.id));
    for (const gone of deletedIds)
      expect(lines.find((line) => line.id === gone)).toMatchObject({ deleted: true, content: '' });
    expect(lines.find((line) => line.id === typo)).toMatchObject({ content: 'fixed text', edited: true });
    const transcript = JSON.stringify(asked.request.body.messages);
    expect(transcript).not.toContain('typo here');
    expect(transcript).not.toContain('delete me');
  });
});
