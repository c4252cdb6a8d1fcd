import type { ToolDefinition } from '../domain/chat-turn.ts';

/**
 * The JSON text of a list of tool definitions, each in the shape `shape` gives it, equal to
 * `JSON.stringify(tools.map(shape))`. Every request offers the same schemas, so each frozen
 * definition's text is kept in `cache` and reused (the registry's definitions are frozen, see
 * src/tools/registry.ts); a definition that is not frozen might change, so it is serialised anew.
 */
export function toolsJson(
  tools: readonly ToolDefinition[],
  cache: WeakMap<ToolDefinition, string>,
  shape: (tool: ToolDefinition) => unknown = (tool) => tool,
): string {
  const texts = tools.map((tool) => {
    let text = cache.get(tool);
    if (text === undefined) {
      text = JSON.stringify(shape(tool));
      if (Object.isFrozen(tool)) cache.set(tool, text);
    }
    return text;
  });
  return `[${texts.join(',')}]`;
}
