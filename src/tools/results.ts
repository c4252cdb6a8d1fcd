import type { DiscordActionError } from '../discord/errors.ts';
import type { DenialRule } from './errors.ts';

/** A field the model got wrong, and how. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The error half of a tool result, as the model reads it. */
export interface ToolErrorBody {
  /** Stable code: INVALID_JSON, INVALID_ARGUMENTS, UNKNOWN_TOOL, DENIED, INTERNAL or a Discord code. */
  code: string;
  /** What went wrong and what to do about it. */
  message: string;
  fields?: FieldIssue[];
  /** With DENIED: the rule that refused, when it is a named one (src/tools/errors.ts DenialRule). */
  rule?: DenialRule;
  /** With rule REQUESTER_LACKS_PERMISSION: the Discord permission the requester lacks ("Ban Members"). */
  permission?: string;
  tools?: string[];
  retry_after_ms?: number;
}

/** The JSON text of a successful result. */
export function okContent(result: Record<string, unknown>): string {
  return JSON.stringify({ ok: true, result });
}

/** The JSON text of a failed result. */
export function errorContent(error: ToolErrorBody): string {
  return JSON.stringify({ ok: false, error });
}

/**
 * What the model should do next, by code. Only that: what went wrong and what would fix it are
 * already in the error's own message (src/discord/error-map.ts), and saying them twice gave the
 * model two versions of one sentence (issue 8).
 */
const NEXT_STEP: Record<DiscordActionError['code'], string> = {
  MISSING_PERMISSIONS: 'Do not retry; tell the requester a server admin must fix Ery’s permissions or role.',
  UNKNOWN_MEMBER: 'Do not retry with the same id.',
  UNKNOWN_MESSAGE: 'Do not retry with the same id.',
  UNKNOWN_CHANNEL: 'Do not retry with the same id.',
  UNKNOWN_ROLE: 'Check the role ids with get_server_stats.',
  UNKNOWN_GUILD: 'Stop.',
  RATE_LIMITED: 'Wait before trying again, or do not retry.',
  INVALID_FORM: 'Try at most once more.',
  UNAVAILABLE: 'Try at most once more.',
  UNREADABLE_MESSAGE: 'Your request was fine. Do not retry; go on without that message.',
  UNKNOWN: 'Do not retry more than once.',
};

/** A Discord failure as the model reads it: the code, Discord's message and what to do. */
export function discordErrorBody(error: DiscordActionError): ToolErrorBody {
  const said = /[.!?]$/.test(error.message) ? error.message : `${error.message}.`;
  const body: ToolErrorBody = { code: error.code, message: `${said} ${NEXT_STEP[error.code]}` };
  if (error.details.retryAfterMs !== undefined) body.retry_after_ms = error.details.retryAfterMs;
  return body;
}
