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
