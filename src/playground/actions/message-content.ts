/**
 * What a new or edited message says: its content checked as Discord checks it, and the mentions in
 * it resolved for its author (the same rules on create and on edit).
 */
import { Errors } from '../errors.ts';
import { hasAll, PermissionBits } from '../permissions.ts';
import type { ChannelRecord, MessageRecord } from '../records.ts';
import type { ActionContext } from './context.ts';
import { type AllowedMentionsInput, parseMentions, resolveMentions } from './mentions.ts';

/** Discord's ceiling for `content`, in UTF-16 code units as its API counts them. */
export const MAX_CONTENT_LENGTH = 2000;

/**
 * Throws 50006 for blank content (allowed when the message carries files, `withFiles`, as Discord
 * allows) and 50035 for content over {@link MAX_CONTENT_LENGTH}.
 */
export function checkContent(content: string, withFiles = false): void {
  if (content.trim() === '' && !withFiles) throw Errors.emptyMessage();
  if (content.length > MAX_CONTENT_LENGTH) {
    throw Errors.invalidForm(
      'content',
      'BASE_TYPE_MAX_LENGTH',
      `Must be ${MAX_CONTENT_LENGTH} or fewer in length.`,
    );
  }
}

/** The mention fields of a message record. */
export type MessageMentions = Pick<MessageRecord, 'mentionUserIds' | 'mentionRoleIds' | 'mentionEveryone'>;

/**
 * The mentions `content` makes when `actorId` writes it in `channel`: members only, roles of this
 * guild that are mentionable (any with MentionEveryone), narrowed by `allowed`; `repliedUserId` is
 * pinged unless `allowed` leaves it out.
 */
export function messageMentions(
  ctx: ActionContext,
  channel: Readonly<ChannelRecord>,
  actorId: string,
  content: string,
  allowed: AllowedMentionsInput | undefined,
  repliedUserId: string | null,
): MessageMentions {
  const perms = ctx.access.channelPermissions(channel.id, actorId);
  const inGuild = (roleId: string) => ctx.store.role(roleId)?.guildId === channel.guildId;
  const mentions = resolveMentions(parseMentions(content), allowed, {
    isMember: (id) => ctx.store.member(channel.guildId, id) !== undefined,
    isMentionableRole: (id) => inGuild(id) && ctx.store.role(id)?.mentionable === true,
    canMentionEveryone: hasAll(perms, PermissionBits.MentionEveryone),
    repliedUserId,
  });
  return {
    mentionUserIds: mentions.users,
    mentionRoleIds: mentions.roles.filter(inGuild),
    mentionEveryone: mentions.everyone,
  };
}
