import type { DiscordActions } from '../../discord/port.ts';
import type { CallScope } from '../authorise.ts';
import { Denial } from '../decision.ts';
import type { ResolvedTargets } from '../define-tool.ts';
import { lookup } from './lookup.ts';

/**
 * Argument names that hold ids. Each is resolved before a call runs, so no id from another server
 * (or, for messages, another channel) reaches Discord. The registry refuses any other `*_id` field.
 */
export const RESOLVED_ID_FIELDS = [
  'user_id',
  'role_id',
  'channel_id',
  'message_id',
  'requested_by_message_id',
] as const;

function idField(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Resolves `user_id`, `role_id`, `channel_id` and `message_id` within the thread's guild and channel.
 * An id that is not there is a {@link Denial} naming the id. Rejects only on abort.
 */
export async function resolveTargets(
  input: Record<string, unknown>,
  scope: CallScope,
  actions: DiscordActions,
): Promise<ResolvedTargets | Denial> {
  const { guildId, channelId, signal } = scope;
  const targets: ResolvedTargets = {};

  const userId = idField(input, 'user_id');
  if (userId !== undefined) {
    const notHere = `user ${userId} is not a member of this server`;
    const member = await lookup(signal, () => actions.getMember({ guildId, userId }, signal), {
      codes: ['UNKNOWN_MEMBER'],
      reason: notHere,
    });
    if (member instanceof Denial) return member;
    if (member.guildId !== guildId || member.userId !== userId) return new Denial(notHere);
    targets.member = member;
  }

  const roleId = idField(input, 'role_id');
  if (roleId !== undefined) {
    const guild = await lookup(signal, () => actions.getGuild({ guildId }, signal), {
      codes: [],
      reason: '',
    });
    if (guild instanceof Denial) return guild;
    const role = guild.roles.find((candidate) => candidate.id === roleId);
    if (guild.id !== guildId || role === undefined) {
      return new Denial(`role ${roleId} is not a role of this server`);
    }
    targets.role = role;
  }

  const targetChannelId = idField(input, 'channel_id');
  if (targetChannelId !== undefined && targetChannelId !== channelId) {
    const notHere = `channel ${targetChannelId} is not a channel of this server that Ery can see`;
    const channel = await lookup(signal, () => actions.getChannel({ channelId: targetChannelId }, signal), {
      codes: ['UNKNOWN_CHANNEL', 'MISSING_PERMISSIONS'],
      reason: notHere,
    });
    if (channel instanceof Denial) return channel;
    if (channel.guildId !== guildId || channel.id !== targetChannelId) return new Denial(notHere);
    targets.channel = channel;
  }

  const messageId = idField(input, 'message_id');
  if (messageId !== undefined) {
    const notHere = `message ${messageId} is not in this channel; Ery can only reply or react to messages of the channel it works in`;
    const message = await lookup(signal, () => actions.fetchMessage({ channelId, messageId }, signal), {
      codes: ['UNKNOWN_MESSAGE', 'UNKNOWN_CHANNEL'],
      reason: notHere,
    });
    if (message instanceof Denial) return message;
    if (message.channelId !== channelId || message.id !== messageId) return new Denial(notHere);
    targets.message = message;
  }

  return targets;
}
