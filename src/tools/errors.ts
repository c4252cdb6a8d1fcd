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

/** Internal signal of the authorisation step: the call must not run. `reason` is shown to the model. */
export class ToolCallDenied extends EryError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('TOOL_CALL_DENIED', reason, options);
  }
}

/** Stops the authorisation of the current call with `reason`. */
export function deny(reason: string, cause?: unknown): never {
  throw new ToolCallDenied(reason, cause === undefined ? undefined : { cause });
}
