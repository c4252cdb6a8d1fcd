import { describe, expect, test } from 'bun:test';
import { chatMessage } from '../support/chat-messages.ts';
import { expectFiresAt, settings, start } from './channel.machine.fixtures.ts';

describe('channel machine', () => {
  test('GIVEN a new channel THEN it starts idle with the configured settings', () => {
    const { value, ctx } = start();
    expect(value()).toBe('idle');
    expect(ctx().settings).toEqual(settings);
    expect(ctx().idleSince).toBe(0);
  });

  test('GIVEN idle WHEN a message arrives THEN it opens a batch holding that message', () => {
    const { send, value, ctx, clock } = start();
    clock.increment(250);
    const message = send();
    expect(value()).toBe('batching');
    expect(ctx().batch).toEqual([message]);
    expect(ctx().batchOpenedAt).toBe(250);
    expect(ctx().idleSince).toBeNull();
  });

  test('GIVEN a batch one short WHEN the batch fills THEN the thread starts at once with the whole batch', () => {
    const { send, value, agent, ctx } = start();
    const messages = [send(), send()];
    expect(value()).toBe('batching');
    messages.push(send());
    expect(value()).toBe('running');
    expect(agent.calls).toHaveLength(1);
    expect(agent.last.input).toMatchObject({ channelId: '100', guildId: '10', messages, trigger: 'count' });
    expect(ctx().thread?.trigger).toBe('count');
    expect(ctx().batch).toEqual([]);
  });

  test('GIVEN an open batch WHEN the window passes THEN the thread starts with what was collected', () => {
    const { send, value, agent, clock } = start();
    const message = send();
    expectFiresAt({ clock, value }, 1_000, 'batching', 'running');
    expect(agent.last.input.messages).toEqual([message]);
    expect(agent.last.input.trigger).toBe('window');
  });

  test('GIVEN idle WHEN a message mentions the bot THEN the thread starts at once', () => {
    const { send, value, agent } = start();
    send({ mentionsBot: true });
    expect(value()).toBe('running');
    expect(agent.last.input.trigger).toBe('mention');
  });

  test('GIVEN an open batch WHEN a mention arrives THEN the thread starts at once with the batch', () => {
    const { send, value, agent } = start();
    send();
    send({ mentionsBot: true });
    expect(value()).toBe('running');
    expect(agent.last.input.messages).toHaveLength(2);
  });

  test('GIVEN a running thread WHEN messages arrive THEN they are queued and no second thread starts', () => {
    const { send, value, agent, ctx } = start();
    send({ mentionsBot: true });
    const later = [send(), send(), send(), send({ mentionsBot: true })];
    expect(value()).toBe('running');
    expect(agent.calls).toHaveLength(1);
    expect(ctx().queue).toEqual(later);
  });

  test('GIVEN the same message twice THEN it is kept once', () => {
    const { actor, value, ctx } = start();
    const message = chatMessage();
    actor.send({ type: 'message.received', message });
    actor.send({ type: 'message.received', message });
    expect(value()).toBe('batching');
    expect(ctx().batch).toHaveLength(1);
  });

  test('GIVEN permits are required WHEN a batch is ready THEN it waits, keeps collecting, and runs on permit.granted', () => {
    const { actor, send, value, agent, ctx } = start({ permitRequired: true });
    send({ mentionsBot: true });
    expect(value()).toBe('batching');
    expect(ctx().trigger).toBe('mention');
    send();
    expect(agent.calls).toHaveLength(0);
    actor.send({ type: 'permit.granted' });
    expect(value()).toBe('running');
    expect(agent.last.input.messages).toHaveLength(2);
  });

  test('GIVEN permits are required WHEN a permit arrives before any trigger THEN it is ignored', () => {
    const { actor, send, value } = start({ permitRequired: true });
    send();
    actor.send({ type: 'permit.granted' });
    expect(value()).toBe('batching');
  });
});
