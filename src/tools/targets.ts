import type { DiscordActions } from '../discord/port.ts';
import type { ResolvedTargets } from './define-tool.ts';
import { deny } from './errors.ts';
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

/** Where the call happens: ids must belong here. */
export interface TargetScope {
  guildId: string;
  channelId: string;
  signal: AbortSignal;
}

function idField(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Resolves `user_id`, `role_id`, `channel_id` and `message_id` within the thread's guild and channel.
 * An id that is not there denies the call (through `deny`), naming the id.
 */
export async function resolveTargets(
  input: Record<string, unknown>,
  scope: TargetScope,
  actions: DiscordActions,
): Promise<ResolvedTargets> {
  const { guildId, channelId, signal } = scope;
  const targets: ResolvedTargets = {};

  const userId = idField(input, 'user_id');
  if (userId !== undefined) {
    const notHere = `user ${userId} is not a member of this server`;
    const member = await lookup(signal, () => actions.getMember({ guildId, userId }, signal), {
      codes: ['UNKNOWN_MEMBER'],
      reason: notHere,
    });
    if (member.guildId !== guildId || member.userId !== userId) deny(notHere);
    targets.member = member;
  }

  const roleId = idField(input, 'role_id');
  if (roleId !== undefined) {
    const guild = await lookup(signal, () => actions.getGuild({ guildId }, signal), {
      codes: [],
      reason: '',
    });
    const role = guild.roles.find((candidate) => candidate.id === roleId);
    if (guild.id !== guildId || role === undefined) deny(`role ${roleId} is not a role of this server`);
    targets.role = role;
  }

  const targetChannelId = idField(input, 'channel_id');
  if (targetChannelId !== undefined && targetChannelId !== channelId) {
    const notHere = `channel ${targetChannelId} is not a channel of this server that Ery can see`;
    const channel = await lookup(signal, () => actions.getChannel({ channelId: targetChannelId }, signal), {
      codes: ['UNKNOWN_CHANNEL', 'MISSING_PERMISSIONS'],
      reason: notHere,
    });
    if (channel.guildId !== guildId || channel.id !== targetChannelId) deny(notHere);
    targets.channel = channel;
  }

  const messageId = idField(input, 'message_id');
  if (messageId !== undefined) {
    const notHere = `message ${messageId} is not in this channel; Ery can only reply or react to messages of the channel it works in`;
    const message = await lookup(signal, () => actions.fetchMessage({ channelId, messageId }, signal), {
      codes: ['UNKNOWN_MESSAGE', 'UNKNOWN_CHANNEL'],
      reason: notHere,
    });
    if (message.channelId !== channelId || message.id !== messageId) deny(notHere);
    targets.message = message;
  }

  return targets;
}
