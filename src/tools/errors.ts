import { EryError } from '../domain/errors.ts';

/**
 * A tool is defined or registered wrongly (bad name, name not matching its file, duplicate, id field
 * the authoriser does not know). Raised at start-up, never while serving; `file` names the culprit.
 */
export class ToolDefinitionError extends EryError {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super('TOOL_DEFINITION_INVALID', `${file}: ${message}`);
  }
}

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

/** Internal signal of the authorisation step: the call must not run. `reason` is shown to the model. */
export class ToolCallDenied extends EryError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown; rule?: DenialRule; permission?: string },
  ) {
    super('TOOL_CALL_DENIED', reason, options);
    this.rule = options?.rule;
    this.permission = options?.permission;
  }

  readonly rule: DenialRule | undefined;
  /** With REQUESTER_LACKS_PERMISSION: the Discord permission's name as Discord shows it ("Ban Members"). */
  readonly permission: string | undefined;
}

/** Stops the authorisation of the current call with `reason`. */
export function deny(reason: string, cause?: unknown): never {
  throw new ToolCallDenied(reason, cause === undefined ? undefined : { cause });
}

/** Stops the authorisation of the current call with `reason`, naming the `rule` that refused it. */
export function denyBy(rule: DenialRule, reason: string, detail: { permission?: string } = {}): never {
  throw new ToolCallDenied(reason, { rule, ...detail });
}
