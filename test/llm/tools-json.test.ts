import { describe, expect, test } from 'bun:test';
import type { ToolDefinition } from '../../src/domain/chat-turn.ts';
import { ToolsJson } from '../../src/llm/tools-json.ts';
import { toolRegistry } from '../../src/tools/registry.ts';

describe('ToolsJson', () => {
  test("GIVEN the registry's definitions THEN the text is JSON.stringify's, at every request", () => {
    const shape = (tool: ToolDefinition) => ({ type: 'function', function: tool });
    const json = new ToolsJson(shape);
    for (let request = 0; request < 3; request += 1) {
      const tools = toolRegistry.definitions();
      expect(json.of(tools)).toBe(JSON.stringify(tools.map(shape)));
    }
    const fewer = toolRegistry.definitions().slice(1);
    expect(json.of(fewer)).toBe(JSON.stringify(fewer.map(shape)));
  });

  test('GIVEN a definition that is not frozen WHEN it changes THEN the text follows it', () => {
    const json = new ToolsJson();
    const tool: ToolDefinition = { name: 'look_up', parameters: { type: 'object' } };
    const tools = [tool];
    expect(json.of(tools)).toBe(JSON.stringify(tools));
    tool.description = 'now described';
    expect(json.of(tools)).toBe(JSON.stringify(tools));
  });

  test('GIVEN the registry THEN its definitions are frozen through, and a new list each time', () => {
    const [first] = toolRegistry.definitions();
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.parameters)).toBe(true);
    expect(toolRegistry.definitions()).not.toBe(toolRegistry.definitions());
  });
});
