import { describe, expect, test } from 'bun:test';
import { jsonValues, recoverTextualToolCalls } from '../../src/llm/textual-tool-calls.ts';

const TOOLS = new Set(['send_message', 'reply_to_message', 'add_reaction', 'ban_member']);
const recover = (text: string) => recoverTextualToolCalls(text, TOOLS);
const send = (content: string) => ({ id: '', name: 'send_message', arguments: JSON.stringify({ content }) });

describe('GIVEN a reply with a tool call written as text', () => {
  test.each([
    [
      'WHEN it is the vLLM Qwen/Hermes example of issue 7 THEN the call is recovered',
      '<tool_call>{"name":"send_message","arguments":{"content":"Hi Alice!"}}</tool_call>',
      [send('Hi Alice!')],
    ],
    [
      'WHEN the last <tool_call> is never closed THEN it is still recovered',
      '<tool_call>{"name":"send_message","arguments":{"content":"a"}}',
      [send('a')],
    ],
    [
      'WHEN it is Mistral [TOOL_CALLS][...] THEN every call of the list is recovered',
      '[TOOL_CALLS][{"name": "send_message", "arguments": {"content": "a"}}, {"name": "send_message", "arguments": {"content": "b"}}]',
      [send('a'), send('b')],
    ],
    [
      'WHEN it is Mistral [TOOL_CALLS]name[ARGS]{...} THEN the call is recovered',
      '[TOOL_CALLS]send_message[ARGS]{"content": "a"}',
      [send('a')],
    ],
    [
      'WHEN it is Llama <|python_tag|> with parameters, two calls and an end token THEN both are recovered',
      '<|python_tag|>{"name": "send_message", "parameters": {"content": "a"}}; {"name": "send_message", "parameters": {"content": "b"}}<|eom_id|>',
      [send('a'), send('b')],
    ],
    [
      'WHEN the whole reply is a bare JSON call THEN it is recovered',
      ' {"name": "send_message", "parameters": {"content": "a"}} ',
      [send('a')],
    ],
    [
      'WHEN the call sits in a ```json fence after some words THEN it is recovered',
      'Here you go:\n```json\n{"name": "send_message", "arguments": {"content": "a"}}\n```',
      [send('a')],
    ],
    [
      'WHEN it has the API shape {type, function} THEN it is recovered',
      '<tool_call>{"type":"function","function":{"name":"send_message","arguments":"{\\"content\\":\\"a\\"}"}}</tool_call>',
      [send('a')],
    ],
  ])('%s', (_name, content, calls) => {
    expect(recover(content)).toEqual(calls);
  });

  test('WHEN several <tool_call> blocks sit among prose and newlines THEN each is recovered in order', () => {
    const content = [
      'Let me answer.',
      '<tool_call>',
      '{"name": "reply_to_message", "arguments": {"message_id": "1", "content": "yes"}}',
      '</tool_call>',
      '<tool_call>\n{"name": "add_reaction", "arguments": "{\\"message_id\\":\\"1\\",\\"emoji\\":\\"👍\\"}"}\n</tool_call>',
    ].join('\n');
    expect(recover(content).map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['reply_to_message', { message_id: '1', content: 'yes' }],
      ['add_reaction', { message_id: '1', emoji: '👍' }],
    ]);
  });
});

describe('GIVEN text that is not a call to one of our tools', () => {
  test.each([
    ['a tool that does not exist', '<tool_call>{"name":"delete_server","arguments":{}}</tool_call>'],
    ['plain prose', 'Hello! How can I help?'],
    ['prose with braces', 'Use {curly} braces like {"a": 1} in JSON.'],
    ['a JSON object that is no call', '{"content": "hello"}'],
    [
      'a bare call in the middle of prose',
      'I would call {"name": "send_message", "arguments": {"content": "a"}} here.',
    ],
    ['broken JSON in the tags', '<tool_call>{"name": "send_message", "arguments": {</tool_call>'],
    ['arguments that are a number', '{"name": "send_message", "arguments": 5}'],
  ])('WHEN it is %s THEN nothing is recovered', (_what, text) => {
    expect(recover(text)).toEqual([]);
  });

  test('WHEN it is plain prose, even naming a tool THEN nothing is recovered', () => {
    expect(recover('ok')).toEqual([]);
    expect(recover('I would call send_message with content "hi", name: send_message')).toEqual([]);
  });

  test('WHEN known and unknown tools are mixed THEN only the known one is recovered', () => {
    const content =
      '<tool_call>{"name":"rm_rf","arguments":{}}</tool_call><tool_call>{"name":"send_message","arguments":{"content":"a"}}</tool_call>';
    expect(recover(content)).toEqual([send('a')]);
  });
});

test('GIVEN JSON values among text THEN each balanced value is parsed, braces inside strings included', () => {
  expect(jsonValues('x {"a": "}{"} y [1, {"b": 2}] {broken')).toEqual([{ a: '}{' }, [1, { b: 2 }]]);
});
