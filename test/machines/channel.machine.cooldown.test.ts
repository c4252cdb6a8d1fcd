import { describe, expect, test } from 'bun:test';
import { settle } from '../support/agent-stub.ts';
import { expectFiresAt, start } from './channel.machine.fixtures.ts';

describe('channel machine', () => {
  test('GIVEN cooldown with an empty queue WHEN it ends THEN the channel is idle', async () => {
    const { send, value, agent, clock, ctx } = start();
    send({ mentionsBot: true });
    agent.last.resolve();
    await settle();
    expectFiresAt({ clock, value }, 500, 'cooldown', 'idle');
    expect(ctx().idleSince).toBe(500);
  });

  test('GIVEN a queue that meets a trigger WHEN cooldown ends THEN the next thread starts at once from the queue', async () => {
    const { send, value, agent, clock } = start();
    send({ mentionsBot: true });
    const queued = [send(), send(), send()];
    agent.last.resolve();
    await settle();
    clock.increment(500);
    expect(value()).toBe('running');
    expect(agent.calls).toHaveLength(2);
    expect(agent.last.input.messages).toEqual(queued);
    expect(agent.last.input.trigger).toBe('queue');
  });

  test('GIVEN a short queue WHEN cooldown ends THEN it becomes a batch whose window counts from the first queued message', async () => {
    const { send, value, agent, clock, ctx } = start();
    send({ mentionsBot: true });
    clock.increment(100);
    const queued = send();
    agent.last.resolve();
    await settle();
    clock.increment(500);
    expect(value()).toBe('batching');
    expect(ctx().batch).toEqual([queued]);
    expect(ctx().batchOpenedAt).toBe(100);
    expectFiresAt({ clock, value }, 500, 'batching', 'running');
  });

  test('GIVEN a queue older than the window WHEN cooldown ends THEN it runs at once', async () => {
    const { send, value, agent, clock } = start();
    send({ mentionsBot: true });
    send();
    clock.increment(2_000);
    agent.last.resolve();
    await settle();
    clock.increment(500);
    expect(value()).toBe('running');
    expect(agent.last.input.trigger).toBe('queue');
  });
});
