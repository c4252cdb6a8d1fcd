import type { Client } from 'discord.js';
import type { Logger } from '../logger.ts';
import { step } from './abort.ts';

/**
 * Who Ery answers in direct messages (issue 12 §4). DMs are off by default: a DM is answered when
 * `everyone` is on (`ERY_DMS=1`), or when its author is a member of a server whose policy turns on
 * `directMessages`: a server lets its own members talk to Ery privately, never strangers.
 */
export interface DirectMessagePolicy {
  /** `ERY_DMS`: every DM is answered. */
  everyone: boolean;
  /** Whether the server `guildId`'s policy answers its members' DMs (read at each DM). */
  serverEnables(guildId: string): boolean;
}

/** Why a DM is answered: `ERY_DMS`, or the id of a server that enables DMs and has the author. */
export type DirectMessageGrant = { by: 'env' } | { by: 'server'; guildId: string };

/**
 * Whether Ery answers a DM from `userId` under `policy`, and why; null when it does not. Servers
 * are asked in cache order: a cached member is enough, else the member is fetched (one REST call
 * per server that enables DMs; a failed fetch, Unknown Member included, counts as not a member).
 * Rejects only when `signal` is aborted.
 */
export async function directMessageGrant(
  client: Client,
  userId: string,
  policy: DirectMessagePolicy,
  context: { logger: Logger; signal?: AbortSignal },
): Promise<DirectMessageGrant | null> {
  if (policy.everyone) return { by: 'env' };
  for (const guild of client.guilds.cache.values()) {
    if (!policy.serverEnables(guild.id)) continue;
    if (guild.members.cache.has(userId)) return { by: 'server', guildId: guild.id };
    try {
      await step(context.signal, () => guild.members.fetch({ user: userId }));
      return { by: 'server', guildId: guild.id };
    } catch (error) {
      context.signal?.throwIfAborted();
      context.logger.debug(
        { event: 'discord.dm.member_unresolved', guildId: guild.id, userId, err: error },
        'DM author is not a member of this server (or it could not be checked)',
      );
    }
  }
  return null;
}
