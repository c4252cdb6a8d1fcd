import type { ChannelInfo, DiscordActions } from '../../discord/port.ts';
import type { CallScope } from '../authorise.ts';
import { Denial } from '../decision.ts';
import type { OpenRule } from '../define-tool.ts';
import { lookup } from './lookup.ts';

/**
 * Whether a call may read `channel`, another channel of this server named by its `channel_id`:
 * first the tool's own reach (`rule.channelReach`, e.g. "a thread of this channel"), then every
 * human member who wrote in this turn must be able to view it, since what Ery reads there it may
 * repeat here (issue 12 §5). A turn with no human in it reads no other channel: nobody asked.
 * Returns the {@link Denial}, or null. Rejects only on abort.
 */
export async function checkChannelReach(
  rule: OpenRule,
  channel: ChannelInfo,
  scope: CallScope,
  actions: DiscordActions,
): Promise<Denial | null> {
  const outOfReach = rule.channelReach?.(channel, { channelId: scope.channelId }) ?? null;
  if (outOfReach !== null) return new Denial(outOfReach);
  const askers = new Map<string, string>();
  for (const message of scope.batch) {
    if (!message.author.bot && message.event === undefined)
      askers.set(message.author.id, message.author.name);
  }
  if (askers.size === 0) {
    return new Denial(
      `no member asked in this turn, so Ery reads no channel but this one (channel ${channel.id} refused)`,
    );
  }
  for (const [userId, name] of askers) {
    const sees = await lookup(
      scope.signal,
      () => actions.canView({ channelId: channel.id, userId }, scope.signal),
      { codes: ['UNKNOWN_MEMBER'], reason: `${name} (${userId}) is no longer a member of this server` },
    );
    if (sees instanceof Denial) return sees;
    if (!sees) {
      return new Denial(
        `${name} cannot view channel ${channel.id} (#${channel.name}), so Ery does not read it for this conversation`,
      );
    }
  }
  return null;
}
