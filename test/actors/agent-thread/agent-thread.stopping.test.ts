import { describe, expect, test } from 'bun:test';
import { createActor, SimulatedClock } from 'xstate';
import { createAgentThread } from '../../../actors/agent-thread/agent-thread.ts';
import { AGENT_DEFAULTS } from '../../../actors/agent-thread/defaults.ts';
import { AgentThreadError } from '../../../actors/agent-thread/errors.ts';
import { thrownBy } from '../../support/errors.ts';
import { input, run, server, setup, useOpenAIServer } from './agent-thread.fixtures.ts';

useOpenAIServer();

describe('GIVEN a thread that is stopped', () => {
  test('WHEN the signal aborts during a model call THEN the thread rejects with THREAD_ABORTED and runs no tool', async () => {
    const { deps, executed } = setup();
    server.script('agent', { delayMs: 10_000, after: { reply: { toolCalls: [{ name: 'send_message' }] } } });
    const controller = new AbortController();
    const pending = run(deps, input(), controller.signal);
    await server.waitForRequests(1);
    controller.abort();
    const error = await thrownBy(pending);
    expect(error).toBeInstanceOf(AgentThreadError);
    expect((error as AgentThreadError).code).toBe('THREAD_ABORTED');
    expect(executed).toHaveLength(0);
  });

  test('WHEN the signal aborts while a tool runs THEN the tool sees it and the thread stops there', async () => {
    const { deps } = setup();
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    deps.tools = {
      ...deps.tools,
      execute: (ctx) =>
        new Promise((_resolve, reject) => {
          toolSignal = ctx.signal;
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
          controller.abort();
        }),
    };
    server.script('agent', { reply: { toolCalls: [{ id: 'slow', name: 'send_message', arguments: {} }] } });
    const error = await thrownBy(run(deps, input(), controller.signal));
    expect((error as AgentThreadError).code).toBe('THREAD_ABORTED');
    expect(toolSignal?.aborted).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  test('WHEN the deadline passes THEN the thread rejects with THREAD_DEADLINE', async () => {
    const { deps } = setup();
    server.script('agent', { delayMs: 10_000 });
    const error = await thrownBy(
      run({ ...deps, deadlineGraceMs: 0 }, { ...input(), deadline: Date.now() + 100 }),
    );
    expect((error as AgentThreadError).code).toBe('THREAD_DEADLINE');
  });

  test('GIVEN a SimulatedClock WHEN the clock passes the deadline and its grace THEN the thread stops with THREAD_DEADLINE, no wall time waited', async () => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const { deps } = setup({ clock });
    let running: (signal: AbortSignal) => void = () => {};
    const toolStarted = new Promise<AbortSignal>((resolve) => {
      running = resolve;
    });
    // The tool runs until the thread's signal aborts: only the simulated clock can end it.
    deps.tools = {
      ...deps.tools,
      execute: (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
          running(ctx.signal);
        }),
    };
    server.script('agent', { reply: { toolCalls: [{ id: 'slow', name: 'send_message', arguments: {} }] } });
    const error = thrownBy(run(deps, { ...input(), deadline: clock.now() + 5_000 }));
    const toolSignal = await toolStarted;
    expect(toolSignal.aborted).toBe(false);
    clock.increment(5_000 + AGENT_DEFAULTS.deadlineGraceMs - 1);
    expect(toolSignal.aborted).toBe(false);
    clock.increment(1);
    expect(toolSignal.aborted).toBe(true);
    expect(((await error) as AgentThreadError).code).toBe('THREAD_DEADLINE');
  });

  test('WHEN the xstate actor is stopped THEN the HTTP request to the model is cancelled', async () => {
    const { deps, executed } = setup();
    server.script('agent', { delayMs: 10_000 });
    const actor = createActor(createAgentThread(deps), { input: input() });
    actor.subscribe({ error: () => {} });
    actor.start();
    await server.waitForRequests(1);
    actor.stop();
    for (let i = 0; i < 100 && !server.requests[0]?.aborted; i += 1) await Bun.sleep(10);
    expect(server.requests[0]?.aborted).toBe(true);
    expect(executed).toHaveLength(0);
  });
});
