import { describe, expect, test } from 'bun:test';
import type { ChatTurn } from '../../src/domain/chat-turn.ts';
import { requestBody } from '../../src/llm/openai-wire.ts';
import { toolRegistry } from '../../src/tools/registry.ts';

const messages: ChatTurn[] = [
  { role: 'system', content: 'You are Ery — “quoted”' },
  { role: 'user', content: 'hi' },
  { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'send_message', arguments: '{}' }] },
  { role: 'tool', toolCallId: 'c1', content: '{"ok":true}' },
];

describe('requestBody', () => {
  test('GIVEN tools THEN the text is what JSON.stringify writes for the whole request', () => {
    const tools = toolRegistry.definitions();
    const expected = JSON.stringify({
      model: 'm',
      messages: [
        messages[0],
        messages[1],
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'send_message', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"ok":true}' },
      ],
      tools: tools.map(({ name, description, parameters }) => ({
        type: 'function',
        function: { name, description, parameters },
      })),
    });
    expect(requestBody('m', { messages, tools })).toBe(expected);
    expect(requestBody('m', { messages, tools: toolRegistry.definitions() })).toBe(expected);
  });

  test('GIVEN a turn with an image sent again THEN each model gets its own wire form of it', () => {
    const turn: ChatTurn = {
      role: 'user',
      content: 'look',
      images: [{ name: 'a.png', dataUrl: 'data:image/png;base64,AA==' }],
    };
    const blind = () => JSON.parse(requestBody('m', { messages: [turn], tools: [] })).messages[0];
    const seeing = () => JSON.parse(requestBody('m', { messages: [turn], tools: [] }, true)).messages[0];
    for (let round = 0; round < 2; round += 1) {
      expect(blind().content).toContain('Images not shown');
      expect(seeing().content[1]).toEqual({
        type: 'image_url',
        image_url: { url: 'data:image/png;base64,AA==' },
      });
    }
  });

  test('GIVEN no tools THEN the body has no tools field', () => {
    expect(JSON.parse(requestBody('m', { messages, tools: [] }))).not.toHaveProperty('tools');
  });
});
