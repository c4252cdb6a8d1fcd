/**
 * Thread routes (https://discord.com/developers/docs/resources/channel#start-thread-from-message and
 * the routes after it): start a thread from a message, without one, or as a forum post with its
 * first message; list a guild's active threads and a channel's archived public ones; edit (archive,
 * lock) and delete a thread.
 */
import { requireChannelAccess, requireGuildAccess } from '../actions/context.ts';
import { createMessage } from '../actions/messages.ts';
import { deleteThread, startThread, type ThreadPatch, updateThread } from '../actions/threads.ts';
import { Errors } from '../errors.ts';
import { hasAll, PermissionBits } from '../permissions.ts';
import { ChannelKind } from '../records.ts';
import { apiChannel } from '../serialize.ts';
import { apiMessage } from '../serialize-message.ts';
import { parseAllowedMentions } from './channels.ts';
import { objectBody, ok, type RestRequest, type RouteDef } from './router.ts';

const optionalNumber = (body: Record<string, unknown>, field: string): number | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw Errors.invalidForm(field, 'NUMBER_TYPE_COERCE', 'Must be a number.');
  return value;
};

const optionalBoolean = (body: Record<string, unknown>, field: string): boolean | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw Errors.invalidForm(field, 'BASE_TYPE_BOOLEAN', 'Must be a boolean.');
  return value;
};

function threadType(body: Record<string, unknown>): 11 | 12 | undefined {
  const type = optionalNumber(body, 'type');
  if (type === undefined || type === 11 || type === 12) return type;
  throw Errors.invalidForm('type', 'BASE_TYPE_CHOICES', 'Value must be one of {11, 12}.');
}

/** POST /channels/:id/threads: a thread without a message, or a forum post with its first one. */
function startThreadRoute(req: RestRequest) {
  const body = objectBody(req);
  const parentId = req.params.channelId ?? '';
  const parent = requireChannelAccess(req.ctx, parentId, req.actorId);
  const first = body.message as Record<string, unknown> | undefined | null;
  if (parent.type === ChannelKind.Forum && (typeof first !== 'object' || first === null)) {
    throw Errors.invalidForm('message', 'BASE_TYPE_REQUIRED', 'This field is required');
  }
  const thread = startThread(req.ctx, req.actorId, parentId, {
    name: body.name as string,
    type: threadType(body),
    autoArchiveMinutes: optionalNumber(body, 'auto_archive_duration'),
  });
  if (parent.type !== ChannelKind.Forum || !first) return ok(apiChannel(thread));
  const { message } = createMessage(req.ctx, req.actorId, thread.id, {
    id: thread.id,
    content: typeof first.content === 'string' ? first.content : '',
    allowedMentions: parseAllowedMentions(first.allowed_mentions),
  });
  const view = { viewerId: req.actorId };
  return ok({ ...apiChannel(thread), message: apiMessage(req.ctx.store, message, view) });
}

/** The thread routes. */
export const threadRoutes: RouteDef[] = [
  { method: 'POST', route: '/channels/:channelId/threads', handler: startThreadRoute },
  {
    method: 'POST',
    route: '/channels/:channelId/messages/:messageId/threads',
    handler: (req) => {
      const body = objectBody(req);
      const thread = startThread(req.ctx, req.actorId, req.params.channelId ?? '', {
        name: body.name as string,
        autoArchiveMinutes: optionalNumber(body, 'auto_archive_duration'),
        fromMessageId: req.params.messageId ?? '',
      });
      return ok(apiChannel(thread));
    },
  },
  {
    method: 'GET',
    route: '/guilds/:guildId/threads/active',
    handler: (req) => {
      const guild = requireGuildAccess(req.ctx, req.params.guildId ?? '', req.actorId);
      const threads = req.ctx.store
        .threads(guild.id)
        .filter((t) => !t.thread?.archived && req.ctx.access.channelPermissions(t.id, req.actorId) !== 0n);
      return ok({ threads: threads.map(apiChannel), members: [] });
    },
  },
  {
    method: 'GET',
    route: '/channels/:channelId/threads/archived/public',
    handler: (req) => {
      const parentId = req.params.channelId ?? '';
      requireChannelAccess(req.ctx, parentId, req.actorId);
      const perms = req.ctx.access.channelPermissions(parentId, req.actorId);
      if (!hasAll(perms, PermissionBits.ReadMessageHistory)) throw Errors.missingAccess();
      const limit = optionalLimit(req.query.get('limit'));
      const before = parseBefore(req.query.get('before'));
      const archived = req.ctx.store
        .threads(req.ctx.store.channel(parentId)?.guildId ?? '')
        .filter(
          (t) =>
            t.parentId === parentId &&
            t.type === ChannelKind.PublicThread &&
            t.thread?.archived === true &&
            t.thread.archiveChangedAt < before,
        )
        .sort((a, b) => (b.thread?.archiveChangedAt ?? 0) - (a.thread?.archiveChangedAt ?? 0));
      const page = archived.slice(0, limit);
      return ok({ threads: page.map(apiChannel), members: [], has_more: archived.length > limit });
    },
  },
  {
    method: 'PATCH',
    route: '/channels/:channelId',
    handler: (req) => {
      const body = objectBody(req);
      const patch: ThreadPatch = {
        ...(body.name !== undefined ? { name: body.name as string } : {}),
        archived: optionalBoolean(body, 'archived'),
        locked: optionalBoolean(body, 'locked'),
        autoArchiveMinutes: optionalNumber(body, 'auto_archive_duration'),
      };
      const channel = requireChannelAccess(req.ctx, req.params.channelId ?? '', req.actorId);
      // The playground edits threads only; other channels are set up by its seed.
      if (!channel.thread) throw Errors.missingPermissions();
      return ok(apiChannel(updateThread(req.ctx, req.actorId, channel.id, patch)));
    },
  },
  {
    method: 'DELETE',
    route: '/channels/:channelId',
    handler: (req) => {
      const channel = requireChannelAccess(req.ctx, req.params.channelId ?? '', req.actorId);
      if (!channel.thread) throw Errors.missingPermissions();
      return ok(apiChannel(deleteThread(req.ctx, req.actorId, channel.id)));
    },
  },
];

function optionalLimit(raw: string | null): number {
  if (raw === null) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2 || n > 100) {
    throw Errors.invalidForm('limit', 'NUMBER_TYPE_MAX', 'int value should be between 2 and 100.');
  }
  return n;
}

/** `before` is an ISO8601 timestamp for archived threads (Discord's), ms since the epoch here. */
function parseBefore(raw: string | null): number {
  if (raw === null) return Number.POSITIVE_INFINITY;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) throw Errors.invalidForm('before', 'DATE_TYPE_PARSE', 'Could not parse timestamp.');
  return at;
}
