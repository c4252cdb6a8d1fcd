import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { createActor, SimulatedClock, toPromise } from 'xstate';
import { createAgentThread } from '../../../actors/agent-thread/agent-thread.ts';
import { createMemoryStepLog } from '../../../actors/agent-thread/step-log.ts';
import type { AgentThreadDeps, AgentThreadInput } from '../../../actors/agent-thread/types.ts';
import { keepTyping, TYPING_INTERVAL_MS } from '../../../actors/agent-thread/typing.ts';
import { DiscordActionError } from '../../../src/discord/errors.ts';
import { silentLogger } from '../../../src/logger.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { thrownBy } from '../../support/errors.ts';
import { type OpenAIServer, startOpenAIServer } from '../../support/openai-server.ts';
import { chatMessage, memoryTools } from './memory-tools.ts';
import { scriptedModel } from './scripted-model.ts';

/** Advances `clock` one interval at a time: a timer armed during an increment starts at its end. */
function advance(clock: SimulatedClock, intervals: number, intervalMs = TYPING_INTERVAL_MS): void {
  for (let i = 0; i < intervals; i += 1) clock.increment(intervalMs);
}

/** A typing port that records the channel of every call and the signal it was given. */
function recordingTyping(fail?: () => Error) {
  const calls: Array<{ channelId: string; signal: AbortSignal | undefined }> = [];
  return {
    calls,
    send: async (input: { channelId: string }, signal?: AbortSignal) => {
      calls.push({ channelId: input.channelId, signal });
      if (fail) throw fail();
    },
  };
}

describe('GIVEN keepTyping under a simulated clock', () => {
  test('THEN it types at once, again every 8 s, and never after it is stopped', () => {
    const clock = new SimulatedClock();
    const typing = recordingTyping();
    const stop = keepTyping({ send: typing.send, clock }, '200', new AbortController().signal, silentLogger);
    expect(typing.calls.map((c) => c.channelId)).toEqual(['200']);
    clock.increment(TYPING_INTERVAL_MS - 1);
    expect(typing.calls).toHaveLength(1);
    clock.increment(1);
    expect(typing.calls).toHaveLength(2);
    advance(clock, 3);
    expect(typing.calls).toHaveLength(5);
    stop();
    expect(typing.calls.every((c) => c.signal?.aborted)).toBe(true);
    advance(clock, 10);
    expect(typing.calls).toHaveLength(5);
    stop();
  });

  test('WHEN the thread signal aborts THEN typing stops; an aborted signal types not at all', () => {
    const clock = new SimulatedClock();
    const typing = recordingTyping();
    const controller = new AbortController();
    keepTyping({ send: typing.send, clock, intervalMs: 1000 }, '200', controller.signal, silentLogger);
    clock.increment(1000);
    controller.abort();
    advance(clock, 10, 1000);
    expect(typing.calls).toHaveLength(2);
    keepTyping({ send: typing.send, clock }, '201', controller.signal, silentLogger);
    expect(typing.calls).toHaveLength(2);
  });

  test('WHEN Discord refuses the typing call THEN it is logged at debug and typing goes on', async () => {
    const clock = new SimulatedClock();
    const { logger, lines } = captureLogger();
    const typing = recordingTyping(
      () => new DiscordActionError('MISSING_PERMISSIONS', 'Missing Permissions', { discordCode: 50013 }),
    );
    const stop = keepTyping({ send: typing.send, clock }, '200', new AbortController().signal, logger);
    clock.increment(TYPING_INTERVAL_MS);
    await Bun.sleep(0);
    stop();
    const failures = lines.filter((line) => line.event === 'agent.typing.failed');
    expect(failures).toHaveLength(2);
    expect(failures.every((line) => line.level === 20 && line.channelId === '200')).toBe(true);
  });
});

describe('GIVEN an agent thread with typing', () => {
  let server: OpenAIServer;
  beforeEach(() => {
    server = startOpenAIServer();
  });
  afterEach(async () => {
    await server.close();
  });

  /** The model answers, then ends its turn: an addressed thread that spoke, so it ends done. */
  const ANSWER = { reply: { toolCalls: [{ name: 'send_message', arguments: { content: 'hi' } }] } };

  const input: AgentThreadInput = {
    channelId: '200',
    guildId: '100',
    messages: [chatMessage('hello @Ery', { mentionsBot: true })],
    threadId: 't-typing',
  };

  function deps(clock: SimulatedClock, typing: ReturnType<typeof recordingTyping>, notices: string[] = []) {
    return {
      model: scriptedModel(server),
      tools: memoryTools().executor,
      history: async () => [],
      steps: createMemoryStepLog(),
      logger: silentLogger,
      typing: { send: typing.send, clock },
      onFailure: async () => {
        notices.push(`notice after ${typing.calls.length} typing calls`);
      },
    } satisfies AgentThreadDeps;
  }

  test('WHEN the model is slow THEN the channel shows typing from the start and again every 8 s until the thread is stopped', async () => {
    const clock = new SimulatedClock();
    const typing = recordingTyping();
    server.script('agent', { delayMs: 60_000, after: { reply: { content: null } } });
    const actor = createActor(createAgentThread(deps(clock, typing)), { input });
    const done = toPromise(actor);
    actor.start();
    expect(typing.calls.map((c) => c.channelId)).toEqual(['200']);
    await server.waitForRequests(1);
    advance(clock, 2);
    expect(typing.calls).toHaveLength(3);
    done.catch(() => {});
    actor.stop();
    advance(clock, 5);
    expect(typing.calls).toHaveLength(3);
  });

  test('WHEN the thread finishes THEN typing stops with it', async () => {
    const clock = new SimulatedClock();
    const typing = recordingTyping();
    server.script('agent', ANSWER, { reply: { content: null } });
    const actor = createActor(createAgentThread(deps(clock, typing)), { input });
    const done = toPromise(actor);
    actor.start();
    expect((await done).stoppedBecause).toBe('no_tool_call');
    advance(clock, 5);
    expect(typing.calls).toHaveLength(1);
  });

  test('WHEN the thread fails THEN typing stops before the failure notice is sent, and never resumes', async () => {
    const clock = new SimulatedClock();
    const typing = recordingTyping();
    const notices: string[] = [];
    server.script('agent', { error: { status: 401, message: 'bad key' } });
    const actor = createActor(createAgentThread(deps(clock, typing, notices)), { input });
    const done = toPromise(actor);
    actor.start();
    await thrownBy(done);
    expect(notices).toEqual(['notice after 1 typing calls']);
    expect(typing.calls[0]?.signal?.aborted).toBe(true);
    advance(clock, 5);
    expect(typing.calls).toHaveLength(1);
  });

  test('WHEN every typing call fails THEN the thread still finishes', async () => {
    const clock = new SimulatedClock();
    const typing = recordingTyping(() => new Error('typing refused'));
    server.script('agent', ANSWER, { reply: { content: null } });
    const actor = createActor(createAgentThread(deps(clock, typing)), { input });
    const done = toPromise(actor);
    actor.start();
    expect((await done).steps).toBe(2);
  });

  test('WHEN the batch does not address Ery THEN it reads along without showing typing', async () => {
    const clock = new SimulatedClock();
    const typing = recordingTyping();
    server.script('agent', { reply: { content: null } });
    const readAlong = { ...input, messages: [chatMessage('hello everyone')] };
    const actor = createActor(createAgentThread(deps(clock, typing)), { input: readAlong });
    const done = toPromise(actor);
    actor.start();
    expect((await done).stoppedBecause).toBe('no_tool_call');
    advance(clock, 5);
    expect(typing.calls).toHaveLength(0);
  });
});
