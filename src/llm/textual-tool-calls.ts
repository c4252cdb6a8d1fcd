import type { ChatToolCall } from '../domain/chat-turn.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A tool call's JSON nests a few levels; a span nested deeper than this is not tried as one. */
const MAX_NESTING = 64;
/**
 * Most characters of a reply that are searched for calls (64 KiB). A call's JSON is small; the
 * limit keeps a reply of megabytes from holding the event loop however it is made.
 */
const MAX_SCANNED_CHARS = 65_536;

/** A balanced bracket span of `text`: `[start, end]` inclusive, and how deeply it nests. */
interface Span {
  start: number;
  end: number;
  nesting: number;
}

/**
 * Every balanced `{…}` / `[…]` span of `text` whose nesting is at most {@link MAX_NESTING}, by
 * start. One scan with a stack: quotes count only inside brackets (prose may hold a stray `"`),
 * strings are read as from the outermost open bracket, and a span never closed is left out.
 */
function balancedSpans(text: string): Span[] {
  const spans: Span[] = [];
  const open: Array<{ start: number; nesting: number }> = [];
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = open.length > 0;
    else if (char === '{' || char === '[') open.push({ start: i, nesting: 0 });
    else if ((char === '}' || char === ']') && open.length > 0) {
      const closed = open.pop() as { start: number; nesting: number };
      const parent = open.at(-1);
      if (parent !== undefined) parent.nesting = Math.max(parent.nesting, closed.nesting + 1);
      if (closed.nesting <= MAX_NESTING) spans.push({ start: closed.start, end: i, nesting: closed.nesting });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Every JSON object or array that appears in `text`, in order. Finds the balanced brackets outside
 * strings in one scan, so calls separated by `;`, newlines or prose are all found; a span that is
 * not valid JSON is skipped for the spans inside it. Linear in `text`: each character is parsed as
 * part of at most {@link MAX_NESTING} + 1 spans (issue 7: `{` × 60 000 took 9 s when every `{`
 * started a scan of its own to the end).
 */
export function jsonValues(text: string): unknown[] {
  return jsonValuesAt(text).map((found) => found.value);
}

/** {@link jsonValues}, each with the index in `text` where it starts. */
function jsonValuesAt(text: string): Array<{ start: number; value: unknown }> {
  const values: Array<{ start: number; value: unknown }> = [];
  let after = 0;
  for (const span of balancedSpans(text)) {
    if (span.start < after) continue;
    try {
      values.push({ start: span.start, value: JSON.parse(text.slice(span.start, span.end + 1)) });
      after = span.end + 1;
    } catch {
      // Not JSON after all: the spans inside it are tried next.
    }
  }
  return values;
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
// No `\s*` before the lazy body: two quantifiers over the same spaces made an unclosed fence of
// spaces quadratic. jsonValues skips the whitespace itself.
const FENCED = /```(?:json)?([\s\S]*?)```/g;

/** A character without which none of the formats below can be in a text. */
const FORMAT_OPENERS = /[<[`{]/;

/** The JSON values each known textual format holds, first format found wins. */
function formatValues(text: string): unknown[] {
  // Hermes / Qwen (vLLM, llama.cpp without a tool parser): one or several <tool_call> blocks.
  const hermes = [...text.matchAll(HERMES)];
  if (hermes.length > 0) return hermes.flatMap((match) => jsonValues(match[1] ?? ''));
  // Mistral v11+: [TOOL_CALLS]name[ARGS]{...}, one per call.
  const named = [...text.matchAll(MISTRAL_NAMED)];
  if (named.length > 0) {
    // One scan for all of them: the arguments of each are the first value after its [ARGS].
    const values = jsonValuesAt(text);
    return named.map((match) => {
      const from = (match.index ?? 0) + match[0].length;
      return { name: match[1], arguments: values.find((found) => found.start >= from)?.value };
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
 * executor's validation and authorisation. Ids are left empty for the agent to assign. Only the
 * first {@link MAX_SCANNED_CHARS} characters are searched; a call after them is not recovered.
 */
export function recoverTextualToolCalls(text: string, tools: ReadonlySet<string>): ChatToolCall[] {
  const scanned = text.slice(0, MAX_SCANNED_CHARS);
  // Every format opens with one of these (a tag, a marker, a fence, or the JSON itself): a plain
  // answer, the usual reply that ends a thread, is not scanned by each format in turn.
  if (!FORMAT_OPENERS.test(scanned)) return [];
  return formatValues(scanned)
    .map((value) => toCall(value, tools))
    .filter((call): call is ChatToolCall => call !== null);
}
