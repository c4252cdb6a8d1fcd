import { describe, expect, test } from 'bun:test';
import { type AnyActorLogic, createActor, SimulatedClock } from 'xstate';
import { ChannelMachineError } from '../../machines/channel.errors.ts';
import { channelMachine } from '../../machines/channel.machine.ts';
import { settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { expectFiresAt, start } from './channel.machine.fixtures.ts';

describe('channel machine', () => {
  test('GIVEN a running thread WHEN it finishes THEN the channel cools down and records the outcome', async () => {
    const { send, value, agent, ctx, clock } = start();
    send({ mentionsBot: true });
    clock.increment(40);
    agent.last.resolve({ steps: 2 });
    await settle();
    expect(value()).toBe('cooldown');
    expect(ctx().lastThread).toMatchObject({
      status: 'done',
      output: { steps: 2 },
      endedAt: 40,
      error: null,
    });
    expect(ctx().threadsRun).toBe(1);
    expect(ctx().thread).toBeNull();
  });

  test('GIVEN a running thread WHEN it fails THEN the channel cools down with the failure recorded', async () => {
    const { send, value, agent, ctx } = start();
    send({ mentionsBot: true });
    agent.last.reject(new Error('model exploded'));
    await settle();
    expect(value()).toBe('cooldown');
    expect(ctx().lastThread).toMatchObject({ status: 'failed', error: 'Error: model exploded' });
    expect(ctx().threadsFailed).toBe(1);
  });

  test('GIVEN a thread that never ends WHEN its deadline passes THEN it is stopped and the channel cools down', () => {
    const { send, value, agent, ctx, clock } = start();
    send({ mentionsBot: true });
    expectFiresAt({ clock, value }, 5_000, 'running', 'cooldown');
    expect(agent.last.signal.aborted).toBe(true);
    expect(ctx().lastThread?.status).toBe('timed_out');
  });

  test('GIVEN no agentThread is provided THEN a thread fails instead of hanging', async () => {
    const actor = createActor(channelMachine, {
      clock: new SimulatedClock(),
      input: { channelId: '1', guildId: '2' },
    }).start();
    actor.send({ type: 'message.received', message: chatMessage({ mentionsBot: true }) });
    await settle();
    expect(actor.getSnapshot().value).toBe('cooldown');
    expect(actor.getSnapshot().context.lastThread?.error).toContain('agentThread is not provided');
  });

  test('GIVEN no agentThread is provided THEN the default thread rejects with a typed AGENT_THREAD_NOT_PROVIDED error', async () => {
    const logic = channelMachine.implementations.actors.agentThread as AnyActorLogic;
    const thread = createActor(logic, {
      input: { channelId: '1', guildId: '2', messages: [], threadId: 't', trigger: 'mention', deadline: 0 },
    });
    const failed = new Promise<unknown>((resolve) => thread.subscribe({ error: resolve }));
    thread.start();
    const error = await failed;
    expect(error).toBeInstanceOf(ChannelMachineError);
    expect((error as ChannelMachineError).code).toBe('AGENT_THREAD_NOT_PROVIDED');
  });
});
