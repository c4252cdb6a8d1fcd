/**
 * A thread whose model keeps failing, on the real openai-SDK provider against the scripted server:
 * retries and the fallback run inside the thread's deadline, which always ends it (here on a
 * SimulatedClock, mid-backoff: no wall time is waited or measured), and a model that fails for good
 * ends the thread with the model's error rather than leaving it running.
 */
import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { AGENT_DEFAULTS } from '../../../actors/agent-thread/defaults.ts';
import type { AgentThreadError } from '../../../actors/agent-thread/errors.ts';
import { LlmError } from '../../../src/llm/errors.ts';
import { OpenAIChatModel } from '../../../src/llm/openai-provider.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { thrownBy } from '../../support/errors.ts';
import type { ScriptStep } from '../../support/openai-server.ts';
import { until } from '../../support/until.ts';
import { input, run, server, setup, useOpenAIServer } from './agent-thread.fixtures.ts';

useOpenAIServer();

/** A 503 as a server sends it, with only the headers given. */
const unavailable = (headers: Record<string, string> = {}): ScriptStep => ({
  raw: { status: 503, body: JSON.stringify({ error: { message: 'overloaded' } }), headers },
});

function model(options: { logger?: ReturnType<typeof captureLogger>['logger']; maxRetries?: number } = {}) {
  return new OpenAIChatModel({
    provider: 'test',
    baseURL: server.baseURL,
    keyVariable: 'LLM_API_KEY',
    model: 'agent',
    fallbackModels: ['backup'],
    maxRetries: options.maxRetries ?? 5,
    retryBaseMs: 1,
    logger: options.logger ?? captureLogger().logger,
  });
}

describe('GIVEN a thread whose model fails', () => {
  test('WHEN the deadline passes while the provider waits out a Retry-After THEN the thread stops with THREAD_DEADLINE and asks no model again', async () => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const { logger, lines } = captureLogger();
    const { deps } = setup({ clock, model: model({ logger }) });
    // 3 s fits in the 5 s left, so the provider sleeps: only the deadline can end that wait early.
    server.script('agent', unavailable({ 'retry-after': '3' }));
    const error = thrownBy(run(deps, { ...input(), deadline: clock.now() + 5_000 }));
    await until(
      () => lines.some((line) => line.event === 'llm.retry'),
      'the provider to wait before its retry',
    );
    clock.increment(5_000 + AGENT_DEFAULTS.deadlineGraceMs);
    expect(((await error) as AgentThreadError).code).toBe('THREAD_DEADLINE');
    expect(server.calls('agent')).toHaveLength(1);
    expect(server.calls('backup')).toHaveLength(0);
  });

  test('WHEN the primary keeps failing THEN it is retried, the fallback answers, and the thread ends on its reply', async () => {
    const { deps } = setup({ model: model({ maxRetries: 2 }) });
    server.script('agent', unavailable(), unavailable(), unavailable());
    server.script('backup', { reply: { content: null } });
    const output = await run(deps, input());
    expect(output).toMatchObject({ stoppedBecause: 'no_tool_call', model: 'backup', steps: 1 });
    expect(server.calls('agent')).toHaveLength(3);
    expect(server.calls('backup')).toHaveLength(1);
  });

  test('WHEN every model keeps failing THEN the thread fails with the model error after a bounded number of calls', async () => {
    const { deps } = setup({ model: model({ maxRetries: 2 }) });
    server.script('*', ...Array.from({ length: 10 }, () => unavailable()));
    const error = await thrownBy(run(deps, input()));
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).code).toBe('LLM_UNAVAILABLE');
    // Both models, each asked once and retried twice.
    expect(server.calls()).toHaveLength(6);
  });
});
