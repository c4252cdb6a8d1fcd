import { describe, expect, test } from 'bun:test';
import { settle } from '../support/agent-stub.ts';
import { expectFiresAt, start } from './channel.machine.fixtures.ts';

describe('channel machine', () => {
  test('GIVEN an open batch WHEN the batch size is lowered to its length THEN it runs at once', () => {
    const { actor, send, value } = start();
    send();
    send();
    actor.send({ type: 'config.updated', settings: { batchSize: 2 } });
    expect(value()).toBe('running');
  });

  test('GIVEN an open batch WHEN the window is lengthened THEN the timer follows the new deadline', () => {
    const { actor, send, value, clock } = start();
    send();
    clock.increment(500);
    actor.send({ type: 'config.updated', settings: { batchWindowMs: 3_000 } });
    expectFiresAt({ clock, value }, 2_500, 'batching', 'running');
  });

  test('GIVEN an idle channel WHEN the idle timeout is shortened below the time already idle THEN it is reaped at once', () => {
    const { actor, value, clock } = start();
    clock.increment(3_000);
    actor.send({ type: 'config.updated', settings: { idleTimeoutMs: 1_000 } });
    clock.increment(0);
    expect(value()).toBe('reaped');
  });

  test('GIVEN a running thread WHEN the thread timeout is shortened THEN it stops at the new deadline', () => {
    const { actor, send, value, clock } = start();
    send({ mentionsBot: true });
    clock.increment(1_000);
    actor.send({ type: 'config.updated', settings: { threadTimeoutMs: 1_500 } });
    expectFiresAt({ clock, value }, 500, 'running', 'cooldown');
  });

  test('GIVEN a cooldown WHEN the cooldown is lengthened THEN it ends at the new deadline', async () => {
    const { actor, send, value, agent, clock } = start();
    send({ mentionsBot: true });
    agent.last.resolve();
    await settle();
    actor.send({ type: 'config.updated', settings: { cooldownMs: 2_000 } });
    expectFiresAt({ clock, value }, 2_000, 'cooldown', 'idle');
  });
});
