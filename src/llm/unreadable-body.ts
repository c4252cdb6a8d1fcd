import { sliceText } from '../domain/clip.ts';
import { EryError } from '../domain/errors.ts';

/** How much of an unreadable body is quoted in the error: enough to tell HTML from cut-off JSON. */
const PREVIEW_CHARS = 120;

/**
 * A 200 answer whose body is not JSON at all: cut-off JSON or a proxy's HTML page (a typical
 * gateway hiccup), which the openai SDK either fails to parse (a `SyntaxError`) or hands over as
 * text. `classifyError` retries it exactly like an HTTP 502 (issue 7): the next attempt usually
 * gets a whole body. `preview` is the start of the body, for the log.
 */
export class UnreadableBodyError extends EryError {
  readonly preview: string;
  constructor(body: string) {
    const preview = body.length > PREVIEW_CHARS ? `${sliceText(body, PREVIEW_CHARS)}…` : body;
    super('LLM_UNREADABLE_BODY', `the 200 body is not JSON: ${JSON.stringify(preview)}`);
    this.preview = preview;
  }
}
