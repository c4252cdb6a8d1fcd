import type { DiscordActionError, DiscordErrorCode } from '../discord/errors.ts';
import type { ResolvedTargets } from './define-tool.ts';
import type { Requester } from './rules/requester.ts';

/**
 * Every code a tool result's error can carry (issue 8: one union, no bare strings). Ery's own:
 * - `INVALID_JSON`, `INVALID_ARGUMENTS`: the model's arguments, fixable by the model;
 * - `UNKNOWN_TOOL`: no tool of that name;
 * - `DENIED`: the authorisation stage refused (see `rule` for the named rules);
 * - `INTERNAL`: Ery failed; the action may or may not have happened;
 * - `SKIPPED`: the agent did not run the call (too many calls in one reply);
 * - `RESULT_LOST`: the call ran before a crash and its recorded result cannot be read;
 * - `DIRECT_MESSAGE`: refused because the conversation is a direct message, which has no server:
 *   every moderation tool, and the information tools that read a server (issue 12 §4);
 * and every Discord failure's code (src/discord/errors.ts).
 */
export type ToolErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_ARGUMENTS'
  | 'UNKNOWN_TOOL'
  | 'DENIED'
  | 'INTERNAL'
  | 'SKIPPED'
  | 'RESULT_LOST'
  | 'DIRECT_MESSAGE'
  | DiscordErrorCode;

/**
 * Which rule refused a call, for code that words the refusal for a person (the demo model) rather
 * than for a model; `reason` stays the full explanation. Only the rules a requester meets most are
 * named; any other denial has none.
 */
export type DenialRule =
  /** The requester holds neither the tool's Discord permission nor a role the policy grants it to. */
  | 'REQUESTER_LACKS_PERMISSION'
  /** The requester asked for a moderation action on themselves. */
  | 'SELF_TARGET';

/** A field the model got wrong, and how. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The error half of a tool result, as the model reads it. */
export interface ToolErrorBody {
  code: ToolErrorCode;
  /** What went wrong and what to do about it. */
  message: string;
  fields?: FieldIssue[];
  /** With DENIED: the rule that refused, when it is a named one. */
  rule?: DenialRule;
  /** With rule REQUESTER_LACKS_PERMISSION: the Discord permission the requester lacks ("Ban Members"). */
  permission?: string;
  tools?: string[];
  retry_after_ms?: number;
}

/** The authorisation stage refused a call. Checks return one instead of throwing. */
export class Denial {
  readonly decision = 'denied';
  constructor(
    /** Why, for the model and the audit log. */
    readonly reason: string,
    readonly detail: {
      rule?: DenialRule;
      permission?: string;
      /** What failed underneath when the check itself could not be made (Discord down, a bug). */
      failure?: string;
      /** The code the model reads instead of `DENIED`, for a refusal of its own kind. */
      code?: 'DIRECT_MESSAGE';
    } = {},
  ) {}
}

/**
 * How the parse and authorise stages judged one call; `decision` is what the audit row keeps.
 * Only an `allowed` call reaches the run stage.
 */
export type Decision =
  | { decision: 'allowed'; targets: ResolvedTargets; requester: Requester | null }
  | Denial
  | { decision: 'invalid'; reason: string; error: ToolErrorBody };

/** The three decisions, as the audit log stores them. */
export const DECISION_KINDS = [
  'allowed',
  'denied',
  'invalid',
] as const satisfies readonly Decision['decision'][];
/** One of {@link DECISION_KINDS}. */
export type DecisionKind = Decision['decision'];

/** An exception as one line for the audit row. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The error the model reads for a call that did not run. */
export function refusalBody(decision: Denial | Extract<Decision, { decision: 'invalid' }>): ToolErrorBody {
  if (decision instanceof Denial) {
    const { rule, permission, code } = decision.detail;
    return {
      code: code ?? 'DENIED',
      message: decision.reason,
      ...(rule ? { rule } : {}),
      ...(permission ? { permission } : {}),
    };
  }
  return decision.error;
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
