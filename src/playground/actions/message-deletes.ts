/**
 * Deleting messages as Discord allows it: one at a time by its author or by a member with Manage
 * Messages, or 2–100 recent ones at once with Manage Messages. Deletes by someone other than the
 * author are written to the audit log.
 */
import { Errors } from '../errors.ts';
import { PermissionBits } from '../permissions.ts';
import { AuditLogAction } from '../records.ts';
import { isSnowflake, snowflakeTime } from '../snowflake.ts';
import { type ActionContext, audit, requireChannelAccess, requireChannelPermission } from './context.ts';
import { announceDeleted } from './message-events.ts';

/** Discord's bounds for one bulk delete: how many ids, and how old a message may be (14 days). */
export const BULK_DELETE = { minIds: 2, maxIds: 100, maxAgeMs: 14 * 86_400_000 } as const;

/** Who deletes in which channel, and the reason they give for the audit log. */
export interface MessageDeleteAct {
  actorId: string;
  channelId: string;
  reason: string | null;
}

/**
 * Deletes one message: its author may, anyone else needs Manage Messages in the channel (50013).
 * Sends MESSAGE_DELETE and emits `message.deleted`. Throws {@link ApiError} 10003/50001 for the
 * channel and 10008 Unknown Message.
 */
export function deleteMessage(ctx: ActionContext, act: MessageDeleteAct & { messageId: string }): void {
  const { actorId, channelId, messageId } = act;
  const channel = requireChannelAccess(ctx, channelId, actorId);
  const message = ctx.store.message(messageId);
  if (!message || message.channelId !== channelId) throw Errors.unknownMessage();
  const byAuthor = message.authorId === actorId;
  if (!byAuthor) requireChannelPermission(ctx, channelId, actorId, PermissionBits.ManageMessages);
  const deleted = ctx.store.deleteMessages((m) => m.id === messageId, channelId);
  announceDeleted(ctx, actorId, deleted, { bulk: false });
  if (byAuthor) return;
  audit(ctx, {
    guildId: channel.guildId,
    actionType: AuditLogAction.MessageDelete,
    actorId,
    targetId: message.authorId,
    reason: act.reason,
    changes: [],
    options: { channel_id: channelId, count: '1' },
  });
}

/**
 * Deletes the messages of `messageIds` in one go: 2–100 distinct snowflakes (else 50035 on
 * `messages`), none older than 14 days by its id (else 50034), and Manage Messages (else 50013).
 * Ids of messages that do not exist in the channel count toward the bounds and are skipped, as on
 * Discord. Sends one MESSAGE_DELETE_BULK, emits `message.deleted` for each, and returns the ids
 * deleted (oldest first).
 */
export function bulkDeleteMessages(
  ctx: ActionContext,
  act: MessageDeleteAct & { messageIds: readonly string[] },
): string[] {
  const { actorId, channelId, messageIds } = act;
  const channel = requireChannelAccess(ctx, channelId, actorId);
  checkBulkIds(messageIds);
  requireChannelPermission(ctx, channelId, actorId, PermissionBits.ManageMessages);
  const oldest = ctx.now() - BULK_DELETE.maxAgeMs;
  if (messageIds.some((id) => snowflakeTime(id) < oldest)) throw Errors.tooOldToBulkDelete();
  const wanted = new Set(messageIds);
  const deleted = ctx.store.deleteMessages((m) => wanted.has(m.id), channelId);
  if (deleted.length === 0) return [];
  announceDeleted(ctx, actorId, deleted, { bulk: true });
  audit(ctx, {
    guildId: channel.guildId,
    actionType: AuditLogAction.MessageBulkDelete,
    actorId,
    targetId: channelId,
    reason: act.reason,
    changes: [],
    options: { count: String(deleted.length) },
  });
  return deleted.map((m) => m.id);
}

/** The checks Discord makes on the `messages` list of a bulk delete; 50035 naming the field. */
function checkBulkIds(ids: readonly string[]): void {
  const { minIds, maxIds } = BULK_DELETE;
  if (ids.length < minIds) {
    throw Errors.invalidForm('messages', 'BASE_TYPE_MIN_LENGTH', `Must be ${minIds} or more in length.`);
  }
  if (ids.length > maxIds) {
    throw Errors.invalidForm('messages', 'BASE_TYPE_MAX_LENGTH', `Must be ${maxIds} or fewer in length.`);
  }
  const bad = ids.findIndex((id) => !isSnowflake(id));
  if (bad !== -1) {
    throw Errors.invalidForm(
      `messages.${bad}`,
      'NUMBER_TYPE_COERCE',
      `Value "${ids[bad]}" is not snowflake.`,
    );
  }
  if (new Set(ids).size !== ids.length) {
    throw Errors.invalidForm('messages', 'BASE_TYPE_UNIQUE', 'Must not contain duplicate message ids.');
  }
}
