import { expect } from 'bun:test';
import { createActor, SimulatedClock } from 'xstate';
import { type ChannelInput, channelMachine } from '../../machines/channel.machine.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

export const settings = {
  batchSize: 3,
  batchWindowMs: 1_000,
  cooldownMs: 500,
  idleTimeoutMs: 10_000,
  threadTimeoutMs: 5_000,
};

export function start(input: Partial<ChannelInput> = {}) {
  const clock = new SimulatedClock();
  const agent = controllableAgent();
  const actor = createActor(channelMachine.provide({ actors: { agentThread: agent.logic } }), {
    clock,
    input: { channelId: '100', guildId: '10', settings, ...input },
  });
  actor.start();
  const send = (overrides = {}) => {
    const message = chatMessage(overrides);
    actor.send({ type: 'message.received', message });
    return message;
  };
  return {
    actor,
    clock,
    agent,
    send,
    value: () => actor.getSnapshot().value,
    ctx: () => actor.getSnapshot().context,
  };
}

/** Restores a persisted snapshot into a fresh actor whose clock reads `now` (as after a restart). */
export function restore(persisted: unknown, now: number) {
  const clock = new SimulatedClock();
  clock.set(now);
  const agent = controllableAgent();
  const restored = createActor(channelMachine.provide({ actors: { agentThread: agent.logic } }), {
    clock,
    snapshot: persisted as never,
    input: { channelId: '100', guildId: '10' },
  }).start();
  return { clock, agent, restored, value: () => restored.getSnapshot().value };
}

/** Persists `first` and stops it, then restores it as after a restart at the time its clock reads. */
export function restart(first: ReturnType<typeof start>) {
  const persisted = first.actor.getPersistedSnapshot();
  first.actor.stop();
  return restore(persisted, first.clock.now());
}

/**
 * A timer fires exactly at its deadline: the channel is still `before` 1 ms short of `ms` from
 * now, and `after` once `ms` have passed.
 */
export function expectFiresAt(
  channel: { clock: SimulatedClock; value: () => unknown },
  ms: number,
  before: string,
  after: string,
): void {
  channel.clock.increment(ms - 1);
  expect(channel.value()).toBe(before);
  channel.clock.increment(1);
  expect(channel.value()).toBe(after);
}
