/** The web chat's refusals: a code the page can branch on and a message that says what to do. */
import { EryError } from '../../domain/errors.ts';
import type { ChatErrorBody } from './wire.ts';

/** Codes of {@link WebChatError}. */
export type WebChatErrorCode =
  | 'WEB_CHAT_INVALID_BODY'
  | 'WEB_CHAT_UNKNOWN_USER'
  | 'WEB_CHAT_UNKNOWN_CHANNEL'
  | 'WEB_CHAT_BOT_AUTHOR'
  | 'WEB_CHAT_NOT_MEMBER'
  | 'WEB_CHAT_BANNED'
  | 'WEB_CHAT_TIMED_OUT'
  | 'WEB_CHAT_NO_ACCESS'
  | 'WEB_CHAT_REFUSED'
  | 'WEB_CHAT_NOT_READY'
  | 'WEB_CHAT_COMMAND';

/** A request the web chat refuses; answered as 400 (503 while not attached) with {@link ChatErrorBody}. */
export class WebChatError extends EryError {
  constructor(
    override readonly code: WebChatErrorCode,
    message: string,
    readonly issues?: Array<{ path: string; message: string }>,
    readonly status = 400,
  ) {
    super(code, message);
  }

  /** The JSON response for this refusal. */
  toResponse(): Response {
    const body: ChatErrorBody = {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
    return Response.json(body, { status: this.status, headers: { 'Cache-Control': 'no-store' } });
  }
}
