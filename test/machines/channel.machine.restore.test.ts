import { describe, expect, test } from 'bun:test';
import { createActor, SimulatedClock } from 'xstate';
import { channelMachine } from '../../machines/channel.machine.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { restore, start } from './channel.machine.fixtures.ts';

describe('channel machine', () => {
  test('GIVEN a persisted batching channel WHEN restored and re-armed THEN the window fires at its remaining time', () => {
    const first = start();
    first.send();
    first.clock.increment(600);
    const persisted = first.actor.getPersistedSnapshot();
    first.actor.stop();

    const { clock, restored } = restore(persisted, 600);
    // Without re-arming, nothing would ever fire: XState does not persist timers.
    clock.increment(100);
    expect(restored.getSnapshot().value).toBe('batching');
    restored.send({ type: 'timers.rearm' });
    clock.increment(299);
    expect(restored.getSnapshot().value).toBe('batching');
    clock.increment(1);
    expect(restored.getSnapshot().value).toBe('running');
  });

  test('GIVEN a persisted running channel WHEN restored THEN the thread runs again with the same input', () => {
    const first = start();
    first.send({ mentionsBot: true });
    const input = first.agent.last.input;
    const persisted = first.actor.getPersistedSnapshot();
    first.actor.stop();

    const agent = controllableAgent();
    const restored = createActor(channelMachine.provide({ actors: { agentThread: agent.logic } }), {
      clock: new SimulatedClock(),
      snapshot: persisted,
      input: { channelId: '100', guildId: '10' },
    }).start();
    expect(restored.getSnapshot().value).toBe('running');
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
    const persisted = first.actor.getPersistedSnapshot();
    first.actor.stop();

    const { clock, agent, restored } = restore(persisted, 200);
    restored.send({ type: 'timers.rearm' });
    clock.increment(299);
    expect(restored.getSnapshot().value).toBe('cooldown');
    clock.increment(1);
    expect(restored.getSnapshot().value).toBe('running');
    expect(agent.last.input.messages).toEqual([queued]);
  });

  test('GIVEN a persisted running thread WHEN restored and re-armed THEN its deadline keeps the time already spent', () => {
    const first = start();
    first.send({ mentionsBot: true });
    first.clock.increment(4_000);
    const persisted = first.actor.getPersistedSnapshot();
    first.actor.stop();

    const { clock, restored } = restore(persisted, 4_000);
    restored.send({ type: 'timers.rearm' });
    clock.increment(999);
    expect(restored.getSnapshot().value).toBe('running');
    clock.increment(1);
    expect(restored.getSnapshot().value).toBe('cooldown');
    expect(restored.getSnapshot().context.lastThread?.status).toBe('timed_out');
  });

  test('GIVEN a persisted idle channel WHEN restored and re-armed THEN it is reaped at its remaining time', () => {
    const first = start();
    first.clock.increment(7_000);
    const persisted = first.actor.getPersistedSnapshot();
    first.actor.stop();

    const { clock, restored } = restore(persisted, 7_000);
    restored.send({ type: 'timers.rearm' });
    clock.increment(2_999);
    expect(restored.getSnapshot().value).toBe('idle');
    clock.increment(1);
    expect(restored.getSnapshot().value).toBe('reaped');
  });
});
