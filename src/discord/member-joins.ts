import { type Client, Events, type GuildMember } from 'discord.js';
import type { Logger } from '../logger.ts';

/** A member who joined a server, as Discord's GUILD_MEMBER_ADD told it. */
export interface MemberJoined {
  guildId: string;
  /** The server's name from the gateway's cache. */
  guildName: string;
  userId: string;
  /** Display name in the server (nickname, else global name, else username). */
  name: string;
  bot: boolean;
  /**
   * When they joined (ms since the epoch), from the payload's `joined_at`: the same in a replayed
   * dispatch, so it names this join (a member who leaves and joins again has a new one).
   */
  joinedAt: number;
}

/**
 * Watches GUILD_MEMBER_ADD (discord.js `guildMemberAdd`; needs the GuildMembers intent) and passes
 * every join but Ery's own to `onJoin`. Returns the function that stops watching.
 */
export function watchMemberJoins(
  client: Client,
  onJoin: (join: MemberJoined) => void,
  logger: Logger,
): () => void {
  const listener = (member: GuildMember): void => {
    try {
      if (member.id === client.user?.id) return;
      onJoin({
        guildId: member.guild.id,
        guildName: member.guild.name,
        userId: member.id,
        name: member.displayName,
        bot: member.user.bot,
        joinedAt: member.joinedTimestamp ?? Date.now(),
      });
    } catch (error) {
      logger.error(
        { event: 'discord.member.join_failed', guildId: member.guild.id, userId: member.id, err: error },
        'member join not passed on',
      );
    }
  };
  client.on(Events.GuildMemberAdd, listener);
  return () => {
    client.off(Events.GuildMemberAdd, listener);
  };
}
