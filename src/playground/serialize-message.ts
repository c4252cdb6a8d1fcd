/** Messages as Discord JSON: what REST returns and MESSAGE_CREATE carries. */
import { ChannelKind, type MessageRecord, NO_GUILD } from './records.ts';
import { type ApiUser, apiMember, apiUser } from './serialize.ts';
import type { PlaygroundState } from './state.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A Discord message object (API v10 JSON). */
export interface ApiMessage {
  id: string;
  type: number;
  channel_id: string;
  guild_id?: string;
  author: ApiUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  mention_everyone: boolean;
  mentions: ApiUser[];
  mention_roles: string[];
  nonce?: string | number;
  message_reference?: { type: number; message_id: string; channel_id: string; guild_id?: string };
  referenced_message?: ApiMessage | null;
  reactions?: Array<{ count: number; me: boolean; emoji: { id: string | null; name: string } }>;
  [field: string]: unknown;
}

/**
 * What a session without MESSAGE_CONTENT sees of the content-bearing fields of others' messages
 * (https://discord.com/developers/docs/events/gateway#message-content-intent).
 */
const HIDDEN_CONTENT_FIELDS = {
  content: '',
  embeds: [],
  attachments: [],
  components: [],
  poll: undefined,
  message_snapshots: undefined,
} as const;

/** Options for {@link apiMessage}. */
export interface MessageView {
  /** Whose view: sets `reactions[].me`. */
  viewerId: string;
  /** Gateway shape: adds `guild_id`, the author's partial `member` and members on mentions. */
  gateway?: boolean;
  /** Gateway sessions without MESSAGE_CONTENT see empty content on others' messages. */
  hideContent?: boolean;
}

/** A message object as REST returns it or MESSAGE_CREATE carries it. */
export function apiMessage(
  state: PlaygroundState,
  m: Readonly<MessageRecord>,
  view: MessageView,
  depth = 0,
): ApiMessage {
  const author = state.user(m.authorId);
  const partialMember = (userId: string) => {
    const member = state.member(m.guildId, userId);
    return member ? apiMember(state, member, false) : undefined;
  };
  const mentions = m.mentionUserIds.flatMap((id) => {
    const u = state.user(id);
    if (!u) return [];
    const member = view.gateway ? partialMember(id) : undefined;
    return [{ ...apiUser(u), ...(member ? { member } : {}) }];
  });
  const referenced = m.referencedMessageId ? state.message(m.referencedMessageId) : undefined;
  const hidden = view.hideContent === true;
  const body: ApiMessage = {
    id: m.id,
    type: m.type,
    channel_id: m.channelId,
    author: author
      ? apiUser(author)
      : { id: m.authorId, username: 'Deleted User', discriminator: '0', global_name: null, avatar: null },
    content: hidden ? '' : m.content,
    timestamp: new Date(m.createdAt).toISOString(),
    edited_timestamp: iso(m.editedAt),
    tts: false,
    mention_everyone: m.mentionEveryone,
    mentions,
    mention_roles: [...m.mentionRoleIds],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    flags: 0,
    ...(m.nonce !== null ? { nonce: m.nonce } : {}),
    ...(m.reactions.length > 0
      ? {
          reactions: m.reactions.map((r) => ({
            count: r.userIds.length,
            count_details: { burst: 0, normal: r.userIds.length },
            me: r.userIds.includes(view.viewerId),
            me_burst: false,
            burst_colors: [],
            emoji: { id: r.emoji.id, name: r.emoji.name },
          })),
        }
      : {}),
  };
  if (m.referencedMessageId) {
    body.message_reference = {
      type: 0,
      message_id: m.referencedMessageId,
      channel_id: m.channelId,
      ...(m.guildId === NO_GUILD ? {} : { guild_id: m.guildId }),
    };
    // Discord nests the replied-to message one level deep (null when it was deleted).
    body.referenced_message =
      referenced && depth === 0 ? apiMessage(state, referenced, { ...view, hideContent: false }, 1) : null;
  }
  if (m.rawFields) Object.assign(body, m.rawFields, hidden ? HIDDEN_CONTENT_FIELDS : {});
  // A DM's message has no guild_id and its author no member, but says `channel_type` 1: discord.js
  // builds the (uncached, partial) DM channel from it (Discord's MESSAGE_CREATE extra fields).
  if (view.gateway && m.guildId === NO_GUILD) body.channel_type = ChannelKind.DM;
  if (view.gateway && m.guildId !== NO_GUILD) {
    body.guild_id = m.guildId;
    const member = partialMember(m.authorId);
    if (member) body.member = member;
  }
  return body;
}
