/**
 * Turns the playground's records into the web chat's views (wire.ts): names, role colours, reply
 * previews and reactions resolved on the server, so the page only draws.
 */
import { PermissionBits } from '../permissions.ts';
import type { ChannelRecord, MemberRecord, MessageRecord } from '../records.ts';
import type { PlaygroundState } from '../state.ts';
import type { AttachmentView, ChannelView, MemberView, MessageView, RoleView, UserRef } from './wire.ts';

/** A user as messages and system lines name them in `guildId`. */
export function userRef(state: PlaygroundState, guildId: string, userId: string): UserRef {
  return { id: userId, name: state.displayName(guildId, userId), bot: state.user(userId)?.bot ?? false };
}

/** A guild's roles without @everyone, highest first. */
export function roleViews(state: PlaygroundState, guildId: string): RoleView[] {
  return state
    .roles(guildId)
    .filter((r) => r.id !== guildId)
    .map((r) => ({
      id: r.id,
      name: r.name,
      color: r.color,
      position: r.position,
      hoist: r.hoist,
      mentionable: r.mentionable,
    }))
    .reverse();
}

/** A member with their roles highest first and the colour of the highest coloured one. */
export function memberView(state: PlaygroundState, member: Readonly<MemberRecord>): MemberView {
  const roles = member.roleIds
    .flatMap((id) => {
      const role = state.role(id);
      return role ? [role] : [];
    })
    .sort((a, b) => b.position - a.position);
  const user = state.user(member.userId);
  return {
    id: member.userId,
    name: state.displayName(member.guildId, member.userId),
    username: user?.username ?? member.userId,
    globalName: user?.globalName ?? null,
    nick: member.nick,
    bot: user?.bot ?? false,
    owner: state.guild(member.guildId)?.ownerId === member.userId,
    roleIds: roles.map((r) => r.id),
    color: roles.find((r) => r.color !== 0)?.color ?? 0,
    timeoutUntil: member.communicationDisabledUntil,
  };
}

/** The member view of `userId`, or null when they are not (or no longer) a member. */
export function memberViewOf(state: PlaygroundState, guildId: string, userId: string): MemberView | null {
  const member = state.member(guildId, userId);
  return member ? memberView(state, member) : null;
}

/** True when the channel's @everyone overwrite denies viewing. */
export function isPrivate(channel: Readonly<ChannelRecord>): boolean {
  const everyone = channel.overwrites.find((o) => o.id === channel.guildId);
  return everyone !== undefined && (everyone.deny & PermissionBits.ViewChannel) !== 0n;
}

/** A channel, with the members who can see it (`canView` decides, e.g. from the playground's Access). */
export function channelView(
  state: PlaygroundState,
  channel: Readonly<ChannelRecord>,
  canView: (channelId: string, userId: string) => boolean,
): ChannelView {
  const parent = channel.parentId ? state.channel(channel.parentId) : undefined;
  return {
    id: channel.id,
    name: channel.name,
    topic: channel.topic,
    private: isPrivate(parent ?? channel) || channel.type === 12,
    kind: channel.thread ? 'thread' : channel.type === 15 ? 'forum' : 'text',
    parentId: channel.parentId ?? null,
    archived: channel.thread?.archived ?? false,
    locked: channel.thread?.locked ?? false,
    viewerIds: state
      .members(channel.guildId)
      .filter((m) => canView(channel.id, m.userId))
      .map((m) => m.userId),
  };
}

/** A message with its author, reply preview, mentions and reactions resolved. */
export function messageView(state: PlaygroundState, m: Readonly<MessageRecord>): MessageView {
  let replyTo: MessageView['replyTo'] = null;
  if (m.referencedMessageId !== null) {
    const replied = state.message(m.referencedMessageId);
    replyTo = replied
      ? { id: replied.id, author: userRef(state, m.guildId, replied.authorId), content: replied.content }
      : { id: m.referencedMessageId, author: null, content: null };
  }
  return {
    id: m.id,
    channelId: m.channelId,
    author: userRef(state, m.guildId, m.authorId),
    content: m.content,
    createdAt: m.createdAt,
    editedAt: m.editedAt,
    replyTo,
    mentions: {
      users: m.mentionUserIds.map((id) => ({ id, name: state.displayName(m.guildId, id) })),
      roles: m.mentionRoleIds.map((id) => ({ id, name: state.role(id)?.name ?? 'deleted-role' })),
      everyone: m.mentionEveryone,
    },
    reactions: m.reactions
      .filter((r) => r.userIds.length > 0)
      .map((r) => ({ emoji: r.emoji.name, count: r.userIds.length, userIds: [...r.userIds] })),
    attachments: attachmentViews(m.rawFields?.attachments),
  };
}

/** The files of a message's raw `attachments`, skipping entries that are not attachment objects. */
function attachmentViews(raw: unknown): AttachmentView[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((file: Record<string, unknown> | null) =>
    file && typeof file.filename === 'string' && typeof file.url === 'string'
      ? [
          {
            filename: file.filename,
            contentType: typeof file.content_type === 'string' ? file.content_type : null,
            size: typeof file.size === 'number' ? file.size : 0,
            url: file.url,
          },
        ]
      : [],
  );
}
