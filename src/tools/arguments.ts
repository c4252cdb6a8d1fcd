import type { FieldIssue, ToolErrorBody } from './decision.ts';
import type { Tool } from './define-tool.ts';

/** Arguments as parsed and validated for one call. `raw` is what the model sent, for the audit log. */
export type ParsedArguments =
  | { ok: true; raw: unknown; input: Record<string, unknown> }
  | { ok: false; raw: unknown; error: ToolErrorBody };

/** The model's arguments text as JSON when it is JSON, else the text itself (for the audit log). */
export function rawArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Parses the model's JSON arguments and validates them with the tool's zod schema. Never throws: a
 * bad call becomes an error the model can correct, naming each bad field.
 */
export function parseArguments(tool: Tool, text: string): ParsedArguments {
  let raw: unknown;
  try {
    // Some models send an empty string for a tool without arguments.
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      raw: text,
      error: {
        code: 'INVALID_JSON',
        message: `the arguments of ${tool.name} are not valid JSON (${(error as Error).message}); send one JSON object`,
      },
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      raw,
      error: { code: 'INVALID_ARGUMENTS', message: `the arguments of ${tool.name} must be one JSON object` },
    };
  }
  const result = tool.input.safeParse(raw);
  if (result.success) return { ok: true, raw, input: result.data as Record<string, unknown> };
  const given = raw as Record<string, unknown>;
  const fields: FieldIssue[] = result.error.issues.map((issue) => {
    const top = issue.path[0];
    const missing = issue.code === 'invalid_type' && typeof top === 'string' && given[top] === undefined;
    return {
      field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(arguments)',
      message: missing ? 'required' : issue.message,
    };
  });
  const known = Object.keys(tool.input.shape);
  const unknown = Object.keys(given).filter((key) => !known.includes(key));
  const hint =
    unknown.length > 0
      ? ` (${unknown.join(', ')}: not arguments of ${tool.name}; it takes ${known.join(', ')})`
      : '';
  const summary = fields.map((issue) => `${issue.field}: ${issue.message}`).join('; ') + hint;
  return {
    ok: false,
    raw,
    error: {
      code: 'INVALID_ARGUMENTS',
      message: `invalid arguments for ${tool.name}: ${summary}. Fix ${fields.length === 1 ? 'this field' : 'these fields'} and call ${tool.name} again.`,
      fields,
    },
  };
}

/**
 * `requested_by_message_id` as the model sent it, read once for both the authorise stage and the
 * audit row (issue 8): a string, or null when absent or not a string.
 */
export function citedMessageId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const cited = (raw as Record<string, unknown>).requested_by_message_id;
  return typeof cited === 'string' ? cited : null;
}
