import { describe, expect, test } from 'bun:test';
import type { ChatTurn, ToolDefinition } from '../../src/domain/chat-turn.ts';
import type { ChatRequest } from '../../src/llm/chat-model.ts';
import { buildContext, type TranscriptMessage } from '../../src/llm/context.ts';
import { createDemoModel, DemoChatModel } from '../../src/llm/demo-model.ts';
import { LlmError } from '../../src/llm/errors.ts';
import { parseArguments } from '../../src/tools/arguments.ts';
import { toolRegistry } from '../../src/tools/registry.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { thrownBy } from '../support/errors.ts';

const tool = (name: string, properties: string[]): ToolDefinition => ({
  name,
  parameters: {
    type: 'object',
    properties: Object.fromEntries(properties.map((p) => [p, { type: 'string' }])),
  },
});
const TOOLS = [
  tool('send_message', ['content', 'channel_id']),
  tool('reply_to_message', ['message_id', 'content']),
  tool('add_reaction', ['message_id', 'emoji']),
];

let nextId = 1;
function msg(content: string, extra: Partial<TranscriptMessage> = {}): TranscriptMessage {
  nextId += 1;
  return {
    id: String(5000 + nextId),
    author: { id: '42', name: 'Alice', bot: false },
    content,
    replyToId: null,
    createdAt: 1_700_000_000_000 + nextId,
    ...extra,
  };
}

function requestFor(batch: TranscriptMessage[], tools = TOOLS): ChatRequest {
  return { messages: buildContext({ system: 'S', history: [msg('old hello')], batch }).messages, tools };
}

const model = new DemoChatModel();
const args = (json: string) => JSON.parse(json) as Record<string, string>;

describe('GIVEN the offline demo model', () => {
  test('THEN its label says it is an offline demo and not an AI', () => {
    expect(model.label).toContain('offline demo model');
    expect(model.label).toContain('not an AI');
  });

  test('WHEN it is created THEN it warns once and says how to configure a real model', () => {
    const { logger, lines } = captureLogger();
    createDemoModel(logger);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.msg)).toContain('not an AI');
    expect(String(warnings[0]?.msg)).toContain('OPENROUTER_API_KEY');
    expect(String(warnings[0]?.msg)).toContain('LLM_BASE_URL');
  });

  test('WHEN someone says hi THEN it replies to that message with a greeting', async () => {
    const hello = msg('hi there');
    const response = await model.complete(requestFor([hello]));
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]?.name).toBe('reply_to_message');
    const call = args(response.toolCalls[0]?.arguments ?? '{}');
    expect(call.message_id).toBe(hello.id);
    expect(call.content).toContain('Alice');
    expect(call.content).toContain('not an AI');
  });

  test('WHEN someone asks for help THEN it explains what Ery does and how to configure a model', async () => {
    const ask = msg('can you help me?');
    const response = await model.complete(requestFor([ask]));
    expect(response.toolCalls.map((call) => call.name)).toEqual(['reply_to_message']);
    const call = args(response.toolCalls[0]?.arguments ?? '{}');
    expect(call.message_id).toBe(ask.id);
    expect(call.content).toContain('moderate');
    expect(call.content).toContain('OPENROUTER_API_KEY');
  });

  test('WHEN two messages of one batch ask for help THEN the help is given once, to the one that mentions Ery', async () => {
    const plain = msg('help');
    const mention = msg('@Ery help', { mentionsBot: true });
    const response = await model.complete(requestFor([plain, mention]));
    const replies = response.toolCalls.filter((call) => call.name === 'reply_to_message');
    expect(replies.map((call) => args(call.arguments).message_id)).toEqual([mention.id]);
  });

  test('WHEN the batch is ordinary chat THEN one send_message acknowledges how many messages it read', async () => {
    const response = await model.complete(requestFor([msg('what a game'), msg('yeah')]));
    expect(response.toolCalls.map((call) => call.name)).toEqual(['send_message']);
    expect(args(response.toolCalls[0]?.arguments ?? '{}').content).toContain('I read 2 new messages');
  });

  test('WHEN a message mentions Ery THEN it reacts 👀 to it and replies to it', async () => {
    const mention = msg('@Ery what is up', { mentionsBot: true });
    const response = await model.complete(requestFor([msg('chat'), mention]));
    expect(response.toolCalls.map((call) => call.name)).toEqual(['add_reaction', 'reply_to_message']);
    expect(args(response.toolCalls[0]?.arguments ?? '{}')).toEqual({ message_id: mention.id, emoji: '👀' });
    expect(args(response.toolCalls[1]?.arguments ?? '{}').message_id).toBe(mention.id);
  });

  test('WHEN a mention asks for a ban THEN the first step reacts 👀 and looks the member up, with no acknowledgement', async () => {
    const ask = msg('<@900> ban <@43> for spam', { mentionsBot: true });
    const response = await model.complete(requestFor([ask], toolRegistry.definitions()));
    expect(response.toolCalls.map((call) => [call.name, args(call.arguments)])).toEqual([
      ['add_reaction', { message_id: ask.id, emoji: '👀' }],
      ['get_member_info', { user_id: '43' }],
    ]);
  });

  test('WHEN only bots wrote THEN it calls no tool', async () => {
    const response = await model.complete(
      requestFor([msg('hello', { author: { id: '9', name: 'B', bot: true } })]),
    );
    expect(response.toolCalls).toEqual([]);
  });

  test('WHEN its tool results came back THEN it answers with no tool call, ending the loop', async () => {
    const request = requestFor([msg('hi')]);
    const first = await model.complete(request);
    const messages: ChatTurn[] = [
      ...request.messages,
      { role: 'assistant', content: first.content, toolCalls: first.toolCalls },
      ...first.toolCalls.map((call) => ({
        role: 'tool' as const,
        toolCallId: call.id,
        content: '{"ok":true}',
      })),
    ];
    const second = await model.complete({ messages, tools: TOOLS });
    expect(second.toolCalls).toEqual([]);
    // No text either: text without a call would only be logged as "not posted".
    expect(second.content).toBeNull();
  });

  test('WHEN a tool is not offered THEN it is not called', async () => {
    const response = await model.complete(requestFor([msg('hi')], [tool('send_message', ['content'])]));
    expect(response.toolCalls.map((call) => call.name)).toEqual(['send_message']);
  });

  test('WHEN the same request comes twice THEN the answer is identical', async () => {
    const request = requestFor([msg('hey'), msg('@Ery', { mentionsBot: true })]);
    expect(await model.complete(request)).toEqual(await model.complete(request));
  });

  test('WHEN the signal is aborted THEN LLM_ABORTED', async () => {
    const error = await thrownBy(model.complete(requestFor([msg('hi')]), AbortSignal.abort()));
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).code).toBe('LLM_ABORTED');
  });

  test('WHEN it thinks about a mention and its signal aborts THEN it stops with LLM_ABORTED', async () => {
    const thinking = new DemoChatModel({ thinkMs: 60_000 });
    const controller = new AbortController();
    const answer = thinking.complete(requestFor([msg('<@1> hi', { mentionsBot: true })]), controller.signal);
    controller.abort();
    expect(((await thrownBy(answer)) as LlmError).code).toBe('LLM_ABORTED');
  });
});

test("GIVEN Ery's real tool definitions WHEN the demo model acts THEN every call passes the tool's own validation", async () => {
  const batch = [msg('hi all'), msg('help'), msg('@Ery look', { mentionsBot: true }), msg('random chat')];
  const definitions = toolRegistry.definitions();
  const calls = [
    ...(await model.complete(requestFor(batch, definitions))).toolCalls,
    ...(await model.complete(requestFor([msg('just chatting')], definitions))).toolCalls,
  ];
  expect(new Set(calls.map((call) => call.name))).toEqual(
    new Set(['reply_to_message', 'add_reaction', 'send_message']),
  );
  for (const call of calls) {
    const tool = toolRegistry.get(call.name);
    expect(tool).toBeDefined();
    const parsed = parseArguments(tool as NonNullable<typeof tool>, call.arguments);
    expect(parsed.ok ? 'ok' : parsed.error).toBe('ok');
  }
});
