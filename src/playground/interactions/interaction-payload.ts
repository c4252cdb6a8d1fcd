/**
 * What an interaction looks like on the wire: the INTERACTION_CREATE payload and the messages of
 * its replies (https://discord.com/developers/docs/interactions/receiving-and-responding).
 */
import type { ActionContext } from '../actions/context.ts';
import type { MessageRecord } from '../records.ts';
import { apiChannel, apiMember, type Json } from '../serialize.ts';
import type { CommandRecord } from './command-registry.ts';

/** Interaction types (Discord's numbers). */
export const InteractionType = { ApplicationCommand: 2, Autocomplete: 4 } as const;
/** Callback types the playground answers (4 message, 5 deferred message, 8 autocomplete result). */
export const CallbackType = { Message: 4, DeferredMessage: 5, AutocompleteResult: 8 } as const;
/** `flags` bit of an ephemeral message. */
export const EPHEMERAL = 64;
/** Discord's window for the first response to an interaction. */
export const INITIAL_RESPONSE_MS = 3_000;
/** How long an interaction token may be used for followups and edits (Discord: 15 minutes). */
export const TOKEN_LIFETIME_MS = 15 * 60_000;

/** One interaction as the playground keeps it. */
export interface InteractionRecord {
  id: string;
  token: string;
  applicationId: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  commandName: string;
  createdAt: number;
  acknowledged: 'no' | 'deferred' | 'replied';
  ephemeral: boolean;
  original: MessageRecord | null;
  followups: MessageRecord[];
}

/** The INTERACTION_CREATE payload of `record` (its channel and member must exist). */
export function interactionPayload(
  ctx: ActionContext,
  record: InteractionRecord,
  command: CommandRecord,
  options: Json[],
): Json {
  const { store, access } = ctx;
  const channel = store.channel(record.channelId);
  const member = store.member(record.guildId, record.userId);
  if (!channel || !member) throw new TypeError(`interaction ${record.id}: its channel or member is gone`);
  return {
    id: record.id,
    application_id: record.applicationId,
    type: record.type,
    token: record.token,
    version: 1,
    guild_id: record.guildId,
    guild: { id: record.guildId, locale: 'en-US', features: [] },
    channel_id: channel.id,
    channel: apiChannel(channel),
    // Discord sends the member's permissions in this channel, overwrites included, as a string.
    member: {
      ...apiMember(store, member),
      permissions: String(access.channelPermissions(channel.id, record.userId)),
    },
    data: { id: command.id, name: command.name, type: command.type, guild_id: command.guild_id, options },
    app_permissions: String(access.channelPermissions(channel.id, record.applicationId)),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': record.guildId },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
}

/** The message of a reply by the application: 20 CHAT_INPUT_COMMAND for the reply, 0 for followups. */
export function replyMessage(
  ctx: ActionContext,
  record: InteractionRecord,
  content: string,
  ephemeral: boolean,
  followup: boolean,
): MessageRecord {
  return {
    id: ctx.ids.next(),
    channelId: record.channelId,
    guildId: record.guildId,
    authorId: record.applicationId,
    content,
    type: followup ? 0 : 20,
    createdAt: ctx.now(),
    editedAt: null,
    referencedMessageId: null,
    mentionUserIds: [],
    mentionRoleIds: [],
    mentionEveryone: false,
    nonce: null,
    reactions: [],
    rawFields: {
      flags: ephemeral ? EPHEMERAL : 0,
      webhook_id: record.applicationId,
      application_id: record.applicationId,
      interaction_metadata: {
        id: record.id,
        type: record.type,
        user: { id: record.userId },
        authorizing_integration_owners: { '0': record.guildId },
      },
    },
  };
}
