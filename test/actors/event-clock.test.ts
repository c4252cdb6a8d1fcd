import { describe, expect, test } from 'bun:test';
import { type InspectionEvent, SimulatedClock } from 'xstate';
import { createChannelActor } from '../../actors/channel-actor.ts';
import type { Clock } from '../../actors/clock.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

/** Simulated time that moves on by 1 ms at every read, as the wall clock may within one step. */
function ticking(): Clock {
  const simulated = new SimulatedClock();
  let reads = 0;
  return {
    now: () => simulated.now() + ++reads,
    setTimeout: (fn, ms) => simulated.setTimeout(fn, ms),
    clearTimeout: (id) => simulated.clearTimeout(id as number),
  };
}

function channel(inspect?: (event: InspectionEvent) => void) {
  const agent = controllableAgent();
  const actor = createChannelActor({
    agentThread: agent.logic,
    clock: ticking(),
    input: { channelId: '100', guildId: '10' },
    ...(inspect ? { inspect } : {}),
  }).start();
  return { agent, actor };
}

describe('the time a logged channel actor reads', () => {
  test('GIVEN an inspected actor WHEN a step reads the time twice THEN both reads give the one time of its event', async () => {
    const { agent, actor } = channel(() => {});
    actor.send({ type: 'message.received', message: chatMessage({ mentionsBot: true }) });
    await settle();
    agent.last.resolve({ threadId: agent.last.input.threadId });
    await settle();
    // The thread's end and the cooldown's start are read in one step: the done event's.
    const { lastThread, cooldownStartedAt } = actor.getSnapshot().context;
    expect(lastThread?.endedAt).toBe(cooldownStartedAt as number);
    actor.stop();
  });

  test('GIVEN an actor nobody inspects (nothing is logged) THEN it reads the clock as it is', async () => {
    const { agent, actor } = channel();
    actor.send({ type: 'message.received', message: chatMessage({ mentionsBot: true }) });
    await settle();
    agent.last.resolve({ threadId: agent.last.input.threadId });
    await settle();
    const { lastThread, cooldownStartedAt } = actor.getSnapshot().context;
    expect(cooldownStartedAt).toBeGreaterThan(lastThread?.endedAt as number);
    actor.stop();
  });
});
