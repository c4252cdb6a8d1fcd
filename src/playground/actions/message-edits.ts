/** Editing a message as Discord allows it: its author rewrites the content, nobody else can. */
import { Errors } from '../errors.ts';
import { PermissionBits } from '../permissions.ts';
import type { MessageRecord } from '../records.ts';
import { type ActionContext, requireChannelAccess, requireChannelPermission } from './context.ts';
import type { AllowedMentionsInput } from './mentions.ts';
import { checkContent, messageMentions } from './message-content.ts';
import { dispatchMessage, eventMessage } from './message-events.ts';

/** An edit, in Discord's request terms. */
export interface EditMessageInput {
  /** The new content; undefined leaves the content as it is (an edit of flags only). */
  content?: string;
  /** Narrows the mentions the new content makes, as on create. */
  allowedMentions?: AllowedMentionsInput;
}

/** Message types a user may edit: default, reply, and the replies to commands. */
const EDITABLE_TYPES: ReadonlySet<number> = new Set([0, 19, 20, 23]);

/**
 * Edits message `messageId` of `channelId` as `actorId` and returns it as it now is. A new content
 * sets `editedAt`, resolves the mentions again (the reply ping stays as it was unless
 * `allowedMentions` leaves it out), sends MESSAGE_UPDATE with the whole message and emits
 * `message.updated`. Throws {@link ApiError}: 10003/50001 for the channel, 10008 Unknown Message,
 * 50005 when the content is someone else's, 50021 for a system message, 50006/50035 for bad content,
 * and 50013 when someone else's message is edited without content and without Manage Messages.
 */
export function editMessage(
  ctx: ActionContext,
  actorId: string,
  channelId: string,
  messageId: string,
  input: EditMessageInput,
): MessageRecord {
  const channel = requireChannelAccess(ctx, channelId, actorId);
  const message = ctx.store.messageRecord(messageId);
  if (!message || message.channelId !== channelId) throw Errors.unknownMessage();
  if (input.content === undefined) {
    // Only flags are left, which the playground does not model; Discord lets moderators set them.
    if (message.authorId !== actorId) {
      requireChannelPermission(ctx, channelId, actorId, PermissionBits.ManageMessages);
    }
    return message;
  }
  if (message.authorId !== actorId) throw Errors.cannotEditOthersMessage();
  if (!EDITABLE_TYPES.has(message.type)) throw Errors.systemMessage();
  const files = message.rawFields?.attachments;
  checkContent(input.content, Array.isArray(files) && files.length > 0);
  const replied = message.referencedMessageId ? ctx.store.message(message.referencedMessageId) : undefined;
  const repliedUserId =
    replied && message.mentionUserIds.includes(replied.authorId) ? replied.authorId : null;
  Object.assign(message, {
    content: input.content,
    editedAt: ctx.now(),
    ...messageMentions(ctx, channel, actorId, input.content, input.allowedMentions, repliedUserId),
  });
  ctx.store.updateMessage(message);
  dispatchMessage(ctx, 'MESSAGE_UPDATE', message);
  ctx.events.emit({
    type: 'message.updated',
    actorId,
    guildId: message.guildId,
    channelId,
    message: eventMessage(ctx, message),
  });
  return message;
}
