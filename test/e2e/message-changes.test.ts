import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { NEW_BATCH_HEADER, parseTranscript } from '../../src/llm/context.ts';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import type { OpenAIServer, RecordedRequest } from '../support/openai-server.ts';
import { useEryWorld, waitUntil } from './support/ery-harness.ts';

/**
 * Issue 12 §1, edits and deletes before a batch runs: the real discord.js client against the
 * playground, the real openai SDK against the scripted model.
 */
setDefaultTimeout(30_000);

const world = useEryWorld('ery-changes-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels } = DEMO_IDS;
const channelId = channels.random;

/** The lines of the NEW MESSAGES block the model was sent. */
const newLines = (request: RecordedRequest) =>
  request.body.messages.flatMap((turn) =>
    typeof turn.content === 'string' && turn.content.startsWith(NEW_BATCH_HEADER)
      ? parseTranscript(turn.content)
      : [],
  );

describe('edits and deletes before the batch runs', () => {
  test('GIVEN a batch waiting WHEN one message is deleted and another edited THEN the model sees the edit and not the deleted one', async () => {
    const model = 'changes-model';
    llm.script(model, { reply: { content: '' } });
    // A long window: only the mention below starts the batch.
    await world.startEry({ model, windowMs: 60_000 });
    const gone = playground.postMessage({ channelId, authorId: users.bob, content: 'to be deleted' });
    const typo = playground.postMessage({ channelId, authorId: users.bob, content: 'helo' });
    playground.deleteMessage({ channelId, messageId: gone.id, actorId: users.bob });
    playground.editMessage({ channelId, messageId: typo.id, authorId: users.bob, content: 'hello, edited' });
    playground.postMessage({ channelId, authorId: users.alice, content: `<@${users.ery}> what now?` });
    await waitUntil(() => llm.calls(model).length >= 1);
    const lines = newLines(llm.calls(model)[0] as RecordedRequest);
    expect(lines.map((line) => line.id)).not.toContain(gone.id);
    expect(lines.find((line) => line.id === typo.id)?.content).toBe('hello, edited');
    expect(lines).toHaveLength(2);
  });

  test('GIVEN a message already answered WHEN it is edited to mention Ery THEN no second answer starts and later history shows it marked edited', async () => {
    const model = 'edit-after-model';
    for (let index = 0; index < 4; index += 1) llm.script(model, { reply: { content: '' } });
    await world.startEry({ model, windowMs: 200 });
    const plain = playground.postMessage({ channelId, authorId: users.bob, content: 'plain one' });
    await waitUntil(() => llm.calls(model).length >= 1);
    playground.editMessage({
      channelId,
      messageId: plain.id,
      authorId: users.bob,
      content: `<@${users.ery}> plain one, now asking`,
    });
    const second = playground.postMessage({
      channelId,
      authorId: users.alice,
      content: `<@${users.ery}> second`,
    });
    await waitUntil(() => llm.calls(model).length >= 2);
    const request = llm.calls(model)[1] as RecordedRequest;
    // The edit started nothing: the next thread is the one for the new mention alone.
    expect(newLines(request).map((line) => line.id)).toEqual([second.id]);
    const history = request.body.messages
      .flatMap((turn) => (typeof turn.content === 'string' ? parseTranscript(turn.content) : []))
      .find((line) => line.id === plain.id);
    expect(history).toMatchObject({ content: `<@${users.ery}> plain one, now asking`, edited: true });
  });
});
