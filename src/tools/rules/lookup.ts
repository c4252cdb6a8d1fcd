import { DiscordActionError, type DiscordErrorCode } from '../../discord/errors.ts';
import { Denial, describeError } from '../decision.ts';

/**
 * Runs one read the authoriser needs. An "unknown" answer from Discord (one of `unknown.codes`)
 * becomes a {@link Denial} with `unknown.reason` (the id is not in this guild/channel); any other
 * failure also denies, since a call that cannot be checked must not run (fail closed). Rejects only
 * with an abort, rethrown untouched when `signal` is aborted.
 */
export async function lookup<T>(
  signal: AbortSignal,
  read: () => Promise<T>,
  unknown: { codes: readonly DiscordErrorCode[]; reason: string },
): Promise<T | Denial> {
  try {
    return await read();
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof DiscordActionError && unknown.codes.includes(error.code)) {
      return new Denial(unknown.reason);
    }
    const code = error instanceof DiscordActionError ? error.code : 'INTERNAL';
    return new Denial(`Ery could not check this call with Discord (${code}); try again in a moment`, {
      failure: describeError(error),
    });
  }
}
