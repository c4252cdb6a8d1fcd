import type { BotIdentity } from './bot-identity.ts';
import type { EryCore } from './core.ts';

/** What {@link resumeThenLogIn} starts, and how the start is given up. */
export interface StartingParts {
  core: Pick<EryCore, 'resume'>;
  /** The Discord connection's login (src/discord/connection.types.ts): `ready` runs once logged in. */
  discord: { login(options: { ready: () => void; signal?: AbortSignal }): Promise<void> };
  identity: Pick<BotIdentity, 'remember'>;
  /** Stops everything started so far, the core included; awaited before the error is rethrown. */
  giveUp(): Promise<void>;
  signal?: AbortSignal | undefined;
}

/**
 * Resumes every busy channel, then logs in to Discord (issue 10). Busy channels resume before any
 * message (the feed starts after login) and before Discord's READY and GUILD_CREATEs (seconds with
 * many servers): their threads reach the model on what SQLite holds, and what needs Discord waits
 * for the login (src/discord/actions-when-ready.ts). Each login remembers Ery's id for the next
 * start. A start given up already (`signal`) resumes nothing, so no model is asked on its behalf.
 *
 * @throws what the login throws (`DiscordConnectError`, or `signal`'s reason) once `giveUp` has
 *   stopped the core: its threads stop unfinished and resume at the next start.
 */
export async function resumeThenLogIn(parts: StartingParts): Promise<void> {
  const { core, discord, identity, signal } = parts;
  try {
    signal?.throwIfAborted();
    core.resume();
    await discord.login({ ready: () => identity.remember(), ...(signal ? { signal } : {}) });
  } catch (error) {
    await parts.giveUp();
    throw error;
  }
}
