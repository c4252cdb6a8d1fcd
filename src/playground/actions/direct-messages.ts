/**
 * Direct messages (DMs): a channel of type 1 between two users that belongs to no guild
 * (https://discord.com/developers/docs/resources/user#create-dm). Messages in it go through the same
 * `createMessage` as a guild's, with the fixed DM permissions (../access.ts) and dispatched to its
 * recipients with the DIRECT_MESSAGES intent and no `guild_id` (./message-events.ts).
 */
import { Errors } from '../errors.ts';
import { ChannelKind, type ChannelRecord, NO_GUILD } from '../records.ts';
import { apiUser, type Json } from '../serialize.ts';
import type { PlaygroundState } from '../state.ts';
import type { ActionContext } from './context.ts';

/**
 * The DM channel between `actorId` and `recipientId`, created when they have none (Discord returns
 * the existing one: one DM per pair). An unknown recipient is 10013 Unknown User. No gateway event:
 * Discord sends bots no CHANNEL_CREATE for a DM; the first MESSAGE_CREATE introduces it.
 */
export function openDirectMessage(ctx: ActionContext, actorId: string, recipientId: string): ChannelRecord {
  if (!ctx.store.user(recipientId) || !ctx.store.user(actorId)) throw Errors.unknownUser();
  const existing = ctx.store.directChannel(actorId, recipientId);
  if (existing) return existing as ChannelRecord;
  const channel: ChannelRecord = {
    id: ctx.ids.next(),
    guildId: NO_GUILD,
    name: '',
    type: ChannelKind.DM,
    position: 0,
    topic: null,
    overwrites: [],
    lastMessageId: null,
    recipientIds: [actorId, recipientId],
  };
  ctx.store.putChannel(channel);
  return channel;
}

/** A DM channel as `viewerId` gets it: Discord lists the other recipients, not the viewer. */
export function apiDirectChannel(
  state: PlaygroundState,
  channel: Readonly<ChannelRecord>,
  viewerId: string,
): Json {
  const others = (channel.recipientIds ?? []).filter((id) => id !== viewerId);
  return {
    id: channel.id,
    type: ChannelKind.DM,
    last_message_id: channel.lastMessageId,
    flags: 0,
    recipients: others.flatMap((id) => {
      const user = state.user(id);
      return user ? [apiUser(user)] : [];
    }),
  };
}
