import { EryError } from '../domain/errors.ts';

/** Stable codes for Discord failures; branch on these, never on message text. */
export type DiscordErrorCode =
  | 'MISSING_PERMISSIONS'
  | 'UNKNOWN_MEMBER'
  | 'UNKNOWN_MESSAGE'
  | 'UNKNOWN_CHANNEL'
  | 'UNKNOWN_ROLE'
  | 'UNKNOWN_GUILD'
  | 'RATE_LIMITED'
  | 'INVALID_FORM'
  | 'UNAVAILABLE'
  | 'UNKNOWN';

/** A Discord REST operation failed. `discordCode` is Discord's JSON error code when it gave one. */
export class DiscordActionError extends EryError {
  constructor(
    override readonly code: DiscordErrorCode,
    message: string,
    readonly details: { discordCode?: number; status?: number; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
