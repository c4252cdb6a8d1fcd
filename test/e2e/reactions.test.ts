import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { NEW_BATCH_HEADER } from '../../src/llm/context.ts';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import type { OpenAIServer, RecordedRequest } from '../support/openai-server.ts';
import { useEryWorld, waitUntil } from './support/ery-harness.ts';

/**
 * Issue 12 §1, reactions: the real discord.js client against the playground's
 * MESSAGE_REACTION_ADD, the real openai SDK against the scripted model.
 */
setDefaultTimeout(30_000);

const world = useEryWorld('ery-reactions-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels } = DEMO_IDS;
const channelId = channels.random;

/** The JSON lines of the NEW MESSAGES block the model was sent. */
const newLines = (request: RecordedRequest): Record<string, unknown>[] =>
  request.body.messages.flatMap((turn) =>
    typeof turn.content === 'string' && turn.content.startsWith(NEW_BATCH_HEADER)
      ? turn.content
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : [],
  );

describe('reactions', () => {
  test('GIVEN Ery’s message WHEN someone reacts to it THEN the model sees a reaction, not a message; a reaction on someone else’s message is ignored', async () => {
    const model = 'reaction-model';
    llm.script(model, { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'hi all' } }] } });
    llm.script(model, { reply: { content: '' } });
    llm.script(model, { reply: { content: '' } });
    await world.startEry({ model, windowMs: 200 });
    const bobs = playground.postMessage({ channelId, authorId: users.bob, content: `<@${users.ery}> hello` });
    await waitUntil(() => playground.state.messages(channelId).some((m) => m.content === 'hi all'));
    const ours = playground.state.messages(channelId).find((m) => m.content === 'hi all');
    if (!ours) throw new Error('Ery’s message is missing');
    await waitUntil(() => llm.calls(model).length >= 2);

    playground.react({ channelId, messageId: bobs.id, userId: users.alice, emoji: '😂' });
    playground.react({ channelId, messageId: ours.id, userId: users.alice, emoji: '👍' });
    await waitUntil(() => llm.calls(model).length >= 3);
    const lines = newLines(llm.calls(model)[2] as RecordedRequest);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      user_id: users.alice,
      reaction: { emoji: '👍', messageId: ours.id },
    });
    expect(lines[0]).not.toHaveProperty('content');
  });
});
