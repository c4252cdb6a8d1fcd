import type { ToolDefinition } from '../domain/chat-turn.ts';

/**
 * The JSON text of lists of tool definitions, each definition in the shape `shape` gives it:
 * `of(tools)` equals `JSON.stringify(tools.map(shape))`. Every request offers the same schemas, so
 * each frozen definition's text is kept and reused (the registry's definitions are frozen, see
 * src/tools/registry.ts), and so is the whole text while the list holds the same definitions. A
 * definition that is not frozen might change, so it is serialised anew each time.
 */
export class ToolsJson {
  readonly #texts = new WeakMap<ToolDefinition, string>();
  #last: { tools: readonly ToolDefinition[]; text: string } | null = null;

  constructor(private readonly shape: (tool: ToolDefinition) => unknown = (tool) => tool) {}

  of(tools: readonly ToolDefinition[]): string {
    const last = this.#last;
    if (last && sameTools(last.tools, tools)) return last.text;
    let cacheable = true;
    const texts = tools.map((tool) => {
      let text = this.#texts.get(tool);
      if (text === undefined) {
        text = JSON.stringify(this.shape(tool));
        if (Object.isFrozen(tool)) this.#texts.set(tool, text);
        else cacheable = false;
      }
      return text;
    });
    const text = `[${texts.join(',')}]`;
    if (cacheable) this.#last = { tools: [...tools], text };
    return text;
  }
}

const sameTools = (a: readonly ToolDefinition[], b: readonly ToolDefinition[]) =>
  a.length === b.length && a.every((tool, index) => tool === b[index]);
