import { DiscordActionError, type DiscordErrorCode } from '../discord/errors.ts';
import { deny } from './errors.ts';

/**
 * Runs one read the authoriser needs. An "unknown" answer from Discord becomes a denial with
 * `unknownReason` (the id is not in this guild/channel); any other failure also denies, since a call
 * that cannot be checked must not run (fail closed). An abort is rethrown untouched.
 */
export async function lookup<T>(
  signal: AbortSignal,
  read: () => Promise<T>,
  unknown: { codes: readonly DiscordErrorCode[]; reason: string },
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof DiscordActionError && unknown.codes.includes(error.code)) deny(unknown.reason);
    const code = error instanceof DiscordActionError ? error.code : 'INTERNAL';
    return deny(`Ery could not check this call with Discord (${code}); try again in a moment`, error);
  }
}
