import type { ChatToolCall } from './chat-model.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every JSON object or array that appears in `text`, in order. Scans for balanced brackets outside
 * strings, so calls separated by `;`, newlines or prose are all found; a span that is not valid
 * JSON is skipped.
 */
export function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let index = 0;
  while (index < text.length) {
    const start = text.slice(index).search(/[{[]/);
    if (start < 0) break;
    const from = index + start;
    const end = balancedEnd(text, from);
    if (end !== null) {
      try {
        values.push(JSON.parse(text.slice(from, end + 1)));
        index = end + 1;
        continue;
      } catch {
        // Not JSON after all: look again from the next character.
      }
    }
    index = from + 1;
  }
  return values;
}

/** Index of the bracket closing the one at `from`, or null when it never closes. */
function balancedEnd(text: string, from: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return null;
}

/** The candidate calls a value holds: an object, or a list of objects. */
const candidates = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/**
 * `{name, arguments | parameters}` (Hermes, Qwen, Mistral, Llama) or the API's own
 * `{function: {name, arguments}}`, as a call, when it names one of `tools`; else null.
 */
function toCall(value: unknown, tools: ReadonlySet<string>): ChatToolCall | null {
  if (!isObject(value)) return null;
  const fn = isObject(value.function) ? value.function : value;
  const name = typeof fn.name === 'string' ? fn.name.trim() : '';
  if (!tools.has(name)) return null;
  const args = fn.arguments ?? fn.parameters;
  if (args !== undefined && args !== null && !isObject(args) && typeof args !== 'string') return null;
  const text = typeof args === 'string' ? (args.trim() === '' ? '{}' : args) : JSON.stringify(args ?? {});
  return { id: typeof value.id === 'string' ? value.id : '', name, arguments: text };
}

const HERMES = /<tool_call>([\s\S]*?)(?:<\/tool_call>|$)/g;
const MISTRAL_NAMED = /\[TOOL_CALLS\]\s*([\w.-]+)\s*\[ARGS\]/g;
const FENCED = /```(?:json)?\s*([\s\S]*?)```/g;

/** The JSON values each known textual format holds, first format found wins. */
function formatValues(text: string): unknown[] {
  // Hermes / Qwen (vLLM, llama.cpp without a tool parser): one or several <tool_call> blocks.
  const hermes = [...text.matchAll(HERMES)];
  if (hermes.length > 0) return hermes.flatMap((match) => jsonValues(match[1] ?? ''));
  // Mistral v11+: [TOOL_CALLS]name[ARGS]{...}, one per call.
  const named = [...text.matchAll(MISTRAL_NAMED)];
  if (named.length > 0) {
    return named.map((match) => {
      const args = jsonValues(text.slice((match.index ?? 0) + match[0].length))[0];
      return { name: match[1], arguments: args };
    });
  }
  // Mistral: [TOOL_CALLS][{...}, ...]. Llama 3.x: <|python_tag|>{...}; {...}<|eom_id|>.
  for (const marker of ['[TOOL_CALLS]', '<|python_tag|>']) {
    const at = text.indexOf(marker);
    if (at >= 0) return jsonValues(text.slice(at + marker.length)).flatMap(candidates);
  }
  // A ```json fence, or the whole reply being the call (Llama 3.1 without its tag, many others).
  const fenced = [...text.matchAll(FENCED)];
  if (fenced.length > 0) return fenced.flatMap((match) => jsonValues(match[1] ?? '')).flatMap(candidates);
  const trimmed = text.trim();
  if (!/^[{[]/.test(trimmed)) return [];
  try {
    return candidates(JSON.parse(trimmed));
  } catch {
    return [];
  }
}

/**
 * Tool calls a model wrote as text instead of sending them as `tool_calls`: Hermes/Qwen
 * `<tool_call>{…}</tool_call>` (one or several), Mistral `[TOOL_CALLS][…]` and
 * `[TOOL_CALLS]name[ARGS]{…}`, Llama `<|python_tag|>{…}`, or a bare or ```json-fenced
 * `{"name": …, "arguments" | "parameters": …}`. Only calls naming one of `tools` are returned (an
 * empty list when none): a recovered call is a request like any other and still goes through the
 * executor's validation and authorisation. Ids are left empty for the agent to assign.
 */
export function recoverTextualToolCalls(text: string, tools: ReadonlySet<string>): ChatToolCall[] {
  return formatValues(text)
    .map((value) => toCall(value, tools))
    .filter((call): call is ChatToolCall => call !== null);
}
