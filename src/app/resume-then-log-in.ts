import { DiscordConnectError } from '../discord/errors.ts';
import type { Logger } from '../logger.ts';
import type { BotIdentity } from './bot-identity.ts';
import type { EryCore } from './core.ts';

/** What {@link resumeThenLogIn} starts, and how the start is given up. */
export interface StartingParts {
  core: Pick<EryCore, 'resume'>;
  /** The Discord connection's login (src/discord/connection.types.ts): `ready` runs once logged in. */
  discord: {
    login(options: { ready: () => void; signal?: AbortSignal }): Promise<void>;
    /** The token's user id from Discord's REST API (`GET /users/@me`); see src/discord/who-am-i.ts. */
    whoAmI(signal?: AbortSignal): Promise<string>;
  };
  identity: Pick<BotIdentity, 'remember' | 'confirm'>;
  logger: Logger;
  /** Stops everything started so far, the core included; awaited before the error is rethrown. */
  giveUp(): Promise<void>;
  signal?: AbortSignal | undefined;
}

/**
 * Resumes every busy channel, then logs in to Discord (issue 10). Busy channels resume before any
 * message (the feed starts after login) and before Discord's READY and GUILD_CREATEs (seconds with
 * many servers): their threads reach the model on what SQLite holds, and what needs Discord waits
 * for the login (src/discord/actions-when-ready.ts). First one REST request proves the token
 * (`GET /users/@me`), so no model is asked, and paid for, on behalf of a token Discord refuses;
 * when that request fails otherwise (Discord unreachable), the busy channels resume once logged in
 * instead. Each login remembers Ery's id for the next start. A start given up already (`signal`)
 * resumes nothing, so no model is asked on its behalf.
 *
 * @throws what the token check or the login throws (`DiscordConnectError`, or `signal`'s reason)
 *   once `giveUp` has stopped the core: its threads stop unfinished and resume at the next start.
 */
export async function resumeThenLogIn(parts: StartingParts): Promise<void> {
  const { core, discord, identity, signal } = parts;
  try {
    signal?.throwIfAborted();
    const ahead = await tokenProven(parts);
    signal?.throwIfAborted();
    if (ahead) core.resume();
    await discord.login({
      ready: () => {
        identity.remember();
        if (!ahead) core.resume();
      },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    await parts.giveUp();
    throw error;
  }
}

/** True once Discord's REST API named the token's user; false (logged) when it could not be asked. */
async function tokenProven({ discord, identity, signal, logger }: StartingParts): Promise<boolean> {
  try {
    identity.confirm(await discord.whoAmI(signal));
    return true;
  } catch (error) {
    if (error instanceof DiscordConnectError || signal?.aborted) throw error;
    logger.warn(
      { event: 'discord.token.unchecked', err: error },
      'could not ask Discord who this token is; busy channels resume once logged in',
    );
    return false;
  }
}
