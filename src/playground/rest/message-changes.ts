/** Routes that change messages already sent: edit, delete, bulk delete. */
import { bulkDeleteMessages, deleteMessage } from '../actions/message-deletes.ts';
import { editMessage } from '../actions/message-edits.ts';
import { Errors } from '../errors.ts';
import { apiMessage } from '../serialize-message.ts';
import { parseAllowedMentions } from './channels.ts';
import { noContent, objectBody, ok, type RestRequest, type RouteDef } from './router.ts';

/** The caller deleting in `:channelId`, with the audit-log reason header. */
const deleteAct = (req: RestRequest) => ({
  actorId: req.actorId,
  channelId: req.params.channelId ?? '',
  reason: req.reason,
});

/** `messages` of a bulk-delete body as id strings (Discord takes numbers too); 50035 otherwise. */
function messageIdsOf(body: Record<string, unknown>): string[] {
  const list = body.messages;
  if (list === undefined || list === null) {
    throw Errors.invalidForm('messages', 'BASE_TYPE_REQUIRED', 'This field is required');
  }
  if (!Array.isArray(list)) throw Errors.invalidForm('messages', 'BASE_TYPE_LIST', 'Must be a list.');
  return list.map((id, i) => {
    if (typeof id === 'string') return id;
    if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
    throw Errors.invalidForm(`messages.${i}`, 'NUMBER_TYPE_COERCE', 'Value is not snowflake.');
  });
}

/** The message-change routes. */
export const messageChangeRoutes: RouteDef[] = [
  {
    method: 'PATCH',
    route: '/channels/:channelId/messages/:messageId',
    handler: (req) => {
      const body = objectBody(req);
      const content = body.content;
      if (content !== undefined && content !== null && typeof content !== 'string') {
        throw Errors.invalidForm('content', 'BASE_TYPE_STRING', 'Must be a string.');
      }
      const message = editMessage(
        req.ctx,
        req.actorId,
        req.params.channelId ?? '',
        req.params.messageId ?? '',
        {
          content: typeof content === 'string' ? content : undefined,
          allowedMentions: parseAllowedMentions(body.allowed_mentions),
        },
      );
      return ok(apiMessage(req.ctx.store, message, { viewerId: req.actorId }));
    },
  },
  {
    method: 'DELETE',
    route: '/channels/:channelId/messages/:messageId',
    handler: (req) => {
      deleteMessage(req.ctx, { ...deleteAct(req), messageId: req.params.messageId ?? '' });
      return noContent();
    },
  },
  {
    method: 'POST',
    route: '/channels/:channelId/messages/bulk-delete',
    handler: (req) => {
      bulkDeleteMessages(req.ctx, { ...deleteAct(req), messageIds: messageIdsOf(objectBody(req)) });
      return noContent();
    },
  },
];
