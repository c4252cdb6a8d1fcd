import type { DiscordErrorCode } from '../../discord/errors.ts';
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
 * {@link lookup}, then the same {@link Denial} (`unknown.reason`) when what Discord returned is not
 * the asked-for record of this guild or channel (`unknown.isHere` false): a port must not widen scope.
 */
async function lookupHere<T>(
  signal: AbortSignal,
  read: () => Promise<T>,
  unknown: { codes: readonly DiscordErrorCode[]; reason: string; isHere: (found: T) => boolean },
): Promise<T | Denial> {
  const found = await lookup(signal, read, unknown);
  if (found instanceof Denial || unknown.isHere(found)) return found;
  return new Denial(unknown.reason);
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
    const member = await lookupHere(signal, () => actions.getMember({ guildId, userId }, signal), {
      codes: ['UNKNOWN_MEMBER'],
      reason: `user ${userId} is not a member of this server`,
      isHere: (found) => found.guildId === guildId && found.userId === userId,
    });
    if (member instanceof Denial) return member;
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
    const channel = await lookupHere(
      signal,
      () => actions.getChannel({ channelId: targetChannelId }, signal),
      {
        codes: ['UNKNOWN_CHANNEL', 'MISSING_PERMISSIONS'],
        reason: `channel ${targetChannelId} is not a channel of this server that Ery can see`,
        isHere: (found) => found.guildId === guildId && found.id === targetChannelId,
      },
    );
    if (channel instanceof Denial) return channel;
    targets.channel = channel;
  }

  const messageId = idField(input, 'message_id');
  if (messageId !== undefined) {
    const message = await lookupHere(signal, () => actions.fetchMessage({ channelId, messageId }, signal), {
      codes: ['UNKNOWN_MESSAGE', 'UNKNOWN_CHANNEL'],
      reason: `message ${messageId} is not in this channel; Ery can only reply or react to messages of the channel it works in`,
      isHere: (found) => found.channelId === channelId && found.id === messageId,
    });
    if (message instanceof Denial) return message;
    targets.message = message;
  }

  return targets;
}
