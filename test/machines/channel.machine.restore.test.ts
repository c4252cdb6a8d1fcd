import { describe, expect, test } from 'bun:test';
import { settle } from '../support/agent-stub.ts';
import { expectFiresAt, restart, start } from './channel.machine.fixtures.ts';

describe('channel machine', () => {
  test('GIVEN a persisted batching channel WHEN restored and re-armed THEN the window fires at its remaining time', () => {
    const first = start();
    first.send();
    first.clock.increment(600);

    const again = restart(first);
    // Without re-arming, nothing would ever fire: XState does not persist timers.
    again.clock.increment(100);
    expect(again.value()).toBe('batching');
    again.restored.send({ type: 'timers.rearm' });
    expectFiresAt(again, 300, 'batching', 'running');
  });

  test('GIVEN a persisted running channel WHEN restored THEN the thread runs again with the same input', () => {
    const first = start();
    first.send({ mentionsBot: true });
    const input = first.agent.last.input;

    const { agent, value } = restart(first);
    expect(value()).toBe('running');
    expect(agent.calls).toHaveLength(1);
    expect(agent.last.input).toEqual(input);
  });

  test('GIVEN a persisted cooldown WHEN restored and re-armed THEN it ends at its remaining time with its queue', async () => {
    const first = start();
    first.send({ mentionsBot: true });
    const queued = first.send({ mentionsBot: true });
    first.agent.last.resolve();
    await settle();
    first.clock.increment(200);

    const again = restart(first);
    again.restored.send({ type: 'timers.rearm' });
    expectFiresAt(again, 300, 'cooldown', 'running');
    expect(again.agent.last.input.messages).toEqual([queued]);
  });

  test('GIVEN a persisted running thread WHEN restored and re-armed THEN it resumes with its whole timeout from the restore (downtime and time spent are not held against it)', () => {
    const first = start();
    first.send({ mentionsBot: true });
    first.clock.increment(4_000);

    const again = restart(first);
    again.restored.send({ type: 'timers.rearm' });
    expectFiresAt(again, 5_000, 'running', 'cooldown');
    expect(again.restored.getSnapshot().context.lastThread?.status).toBe('timed_out');
  });

  test('GIVEN a persisted idle channel WHEN restored and re-armed THEN it is reaped at its remaining time', () => {
    const first = start();
    first.clock.increment(7_000);

    const again = restart(first);
    again.restored.send({ type: 'timers.rearm' });
    expectFiresAt(again, 3_000, 'idle', 'reaped');
  });
});
