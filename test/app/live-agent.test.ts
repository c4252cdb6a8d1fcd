import { describe, expect, test } from 'bun:test';
import { createActor } from 'xstate';
import { createLiveAgent } from '../../src/app/live-agent.ts';
import { typingAfterRequest } from '../../src/app/typing-after-request.ts';
import { openDatabase } from '../../src/db/client.ts';
import { GuildPolicyStore } from '../../src/db/guild-policy-store.ts';
import type { DiscordActions } from '../../src/discord/port.ts';
import { RecentMessages } from '../../src/history/recent-messages.ts';
import type { ChatModel } from '../../src/llm/chat-model.ts';
import { silentLogger } from '../../src/logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { until } from '../support/until.ts';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('typing after the model request (issue 10)', () => {
  test('GIVEN a warm channel WHEN an addressed thread starts THEN its model request is made before any Discord call, typing next', async () => {
    const order: string[] = [];
    const actions = {
      botUserId: '1',
      sendTyping: async () => {
        order.push('typing');
      },
      fetchMessages: async () => {
        order.push('history over REST');
        return [];
      },
    } as unknown as DiscordActions;
    // Answers when the thread is stopped: only the order of the first calls matters here.
    const model: ChatModel = {
      label: 'recording',
      complete: (_request, signal) => {
        order.push('model');
        return new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason)),
        );
      },
    };
    const recentMessages = new RecentMessages();
    // Warm: the buffer holds the channel back to its first message.
    recentMessages.fill('100', [], 30);
    const db = openDatabase(':memory:');
    const agent = createLiveAgent({
      db,
      actions,
      model,
      policies: new GuildPolicyStore(db, silentLogger),
      logger: silentLogger,
      recentMessages,
    });
    const actor = createActor(agent.agentThread, {
      input: {
        channelId: '100',
        guildId: '10',
        messages: [chatMessage({ content: '<@1> hi', mentionsBot: true })],
        threadId: 't-warm',
        trigger: 'mention',
        deadline: Date.now() + 60_000,
      },
    });
    actor.start();
    await until(() => order.length >= 2, 'the model request and the typing call');
    actor.stop();
    expect(order).toEqual(['model', 'typing']);
  });

  test('GIVEN typing stopped within the turn it was asked in THEN Discord is not asked at all', async () => {
    const sent: string[] = [];
    const send = typingAfterRequest(async ({ channelId }) => {
      sent.push(channelId);
    });
    const stopped = new AbortController();
    const first = send({ channelId: '200' }, stopped.signal);
    const second = send({ channelId: '201' }, new AbortController().signal);
    expect(sent).toEqual([]);
    stopped.abort();
    await Promise.all([first, second, turn()]);
    expect(sent).toEqual(['201']);
  });
});
