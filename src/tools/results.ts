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

const ADVICE: Record<DiscordActionError['code'], string> = {
  MISSING_PERMISSIONS:
    'Discord refused: Ery lacks a permission for this (or the target ranks above Ery). Do not retry; tell the requester a server admin must fix Ery’s role.',
  UNKNOWN_MEMBER: 'That user is not (or no longer) a member of this server. Do not retry.',
  UNKNOWN_MESSAGE: 'That message does not exist (any more). Do not retry with the same id.',
  UNKNOWN_CHANNEL: 'That channel does not exist or Ery cannot see it. Do not retry with the same id.',
  UNKNOWN_ROLE: 'That role does not exist (any more). Check the role ids with get_server_stats.',
  UNKNOWN_GUILD: 'Ery is not in that server any more. Stop.',
  RATE_LIMITED: 'Discord is rate limiting Ery. Wait before trying again, or do not retry.',
  INVALID_FORM: 'Discord rejected the arguments. Correct them and try once more.',
  UNAVAILABLE: 'Discord is unavailable right now. Try again later, at most once.',
  UNREADABLE_MESSAGE:
    'Discord sent that message in a shape Ery cannot read; your request was fine. Do not retry; go on without it.',
  UNKNOWN: 'Discord failed for an unknown reason. Do not retry more than once.',
};

/** A Discord failure as the model reads it: the code, Discord's message and what to do. */
export function discordErrorBody(error: DiscordActionError): ToolErrorBody {
  const body: ToolErrorBody = { code: error.code, message: `${error.message}. ${ADVICE[error.code]}` };
  if (error.details.retryAfterMs !== undefined) body.retry_after_ms = error.details.retryAfterMs;
  return body;
}
