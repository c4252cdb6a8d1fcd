import { describe, expect, test } from 'bun:test';
import { chatMessage } from '../support/chat-messages.ts';
import { expectFiresAt, settings, start } from './channel.machine.fixtures.ts';

/** Issue 12 §1: edits and deletes of messages that have not run yet, and reactions as batch items. */
describe('channel machine: edits, deletes, reactions', () => {
  test('GIVEN a batched message WHEN it is edited THEN the batch holds the new text under the same id', () => {
    const { send, actor, ctx } = start();
    const first = send({ content: 'helo' });
    const edited = { ...first, content: 'hello', editedAt: 5 };
    actor.send({ type: 'message.updated', message: edited });
    expect(ctx().batch).toEqual([edited]);
  });

  test('GIVEN a batched message WHEN an edit adds a mention of Ery THEN the batch runs at once, once', () => {
    const { send, actor, agent, value } = start();
    const first = send();
    send();
    actor.send({ type: 'message.updated', message: { ...first, mentionsBot: true } });
    expect(value()).toBe('running');
    expect(agent.calls).toHaveLength(1);
    expect(agent.last.input.trigger).toBe('mention');
    expect(agent.last.input.messages.map((m) => m.id)[0]).toBe(first.id);
  });

  test('GIVEN a message in the running thread WHEN an edit adds a mention THEN no second thread starts and nothing is queued', () => {
    const { send, actor, agent, ctx } = start();
    const asked = send({ mentionsBot: true });
    actor.send({ type: 'message.updated', message: { ...asked, content: 'again', mentionsBot: true } });
    expect(agent.calls).toHaveLength(1);
    expect(ctx().queue).toEqual([]);
    expect(ctx().thread?.messages).toEqual([asked]);
  });

  test('GIVEN an answered message WHEN an edit adds a mention THEN the idle channel stays idle', () => {
    const { send, actor, agent, clock, value } = start();
    const message = send();
    clock.increment(settings.batchWindowMs);
    agent.last.resolve({ threadId: agent.last.input.threadId });
    return Promise.resolve().then(() => {
      clock.increment(settings.cooldownMs);
      expect(value()).toBe('idle');
      actor.send({ type: 'message.updated', message: { ...message, mentionsBot: true } });
      expect(value()).toBe('idle');
      expect(agent.calls).toHaveLength(1);
    });
  });

  test('GIVEN a queued message WHEN it is edited or deleted THEN the queue follows', () => {
    const { send, actor, ctx } = start();
    send({ mentionsBot: true });
    const queued = send();
    const other = send();
    actor.send({ type: 'message.updated', message: { ...queued, content: 'changed' } });
    expect(ctx().queue.map((m) => m.content)).toEqual(['changed', 'hello']);
    actor.send({ type: 'message.deleted', messageIds: [queued.id, other.id] });
    expect(ctx().queue).toEqual([]);
    expect(ctx().queueOpenedAt).toBeNull();
  });

  test('GIVEN a batch of one WHEN its message is deleted THEN the channel is idle again and runs nothing', () => {
    const { send, actor, agent, clock, value, ctx } = start();
    const only = send();
    actor.send({ type: 'message.deleted', messageIds: [only.id] });
    expect(value()).toBe('idle');
    expect(ctx().batchOpenedAt).toBeNull();
    clock.increment(settings.batchWindowMs * 2);
    expect(agent.calls).toHaveLength(0);
  });

  test('GIVEN a full batch waiting for a permit WHEN one of its messages is deleted THEN it waits for its window again, keeping its start', () => {
    const { send, actor, clock, value, ctx } = start({ permitRequired: true });
    clock.increment(100);
    send();
    const gone = send();
    send();
    expect(ctx().trigger).toBe('count');
    actor.send({ type: 'message.deleted', messageIds: [gone.id] });
    expect(ctx().trigger).toBeNull();
    expect(ctx().batch).toHaveLength(2);
    expectFiresAt({ clock, value: () => ctx().trigger }, settings.batchWindowMs, null as never, 'window');
    expect(value()).toBe('batching');
  });

  test('GIVEN a batch WHEN the mention in it is deleted THEN the rest waits for the window', () => {
    const { send, actor, value, ctx } = start({ permitRequired: true });
    send();
    const mention = send({ mentionsBot: true });
    actor.send({ type: 'message.deleted', messageIds: [mention.id] });
    expect(value()).toBe('batching');
    expect(ctx().trigger).toBeNull();
  });

  test('GIVEN reactions and joins WHEN more of them arrive than the batch size THEN they never fill a batch on their own', () => {
    const { actor, agent, value, ctx, clock } = start();
    for (let index = 0; index < settings.batchSize + 2; index += 1) {
      actor.send({
        type: 'reaction.added',
        message: chatMessage({ content: '', reaction: { emoji: '👍', messageId: '900' } }),
      });
      actor.send({
        type: 'message.received',
        message: chatMessage({ content: '', event: { type: 7, action: 'joined the server', detail: null } }),
      });
    }
    expect(value()).toBe('batching');
    expect(ctx().trigger).toBeNull();
    clock.increment(settings.batchWindowMs);
    expect(agent.last.input.trigger).toBe('window');
    expect(agent.last.input.messages.filter((m) => m.reaction)).toHaveLength(settings.batchSize + 2);
  });

  test('GIVEN a reaction THEN it rides with the batch but never moves the catch-up mark', () => {
    const { send, actor, ctx } = start();
    const message = send();
    const reaction = chatMessage({ content: '', reaction: { emoji: '🎉', messageId: '900' } });
    actor.send({ type: 'reaction.added', message: reaction });
    expect(ctx().batch).toEqual([message, reaction]);
    expect(ctx().lastMessageId).toBe(message.id);
  });
});
