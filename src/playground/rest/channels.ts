/** Channel and message routes: read channels and history, send messages, react. */

import { requireChannelAccess } from '../actions/context.ts';
import { apiDirectChannel } from '../actions/direct-messages.ts';
import { addReaction, createMessage, parseEmoji, startTyping } from '../actions/messages.ts';
import { Errors } from '../errors.ts';
import { hasAll, PermissionBits } from '../permissions.ts';
import { ChannelKind, type MessageRecord } from '../records.ts';
import { apiChannel } from '../serialize.ts';
import { apiMessage } from '../serialize-message.ts';
import { compareSnowflakes, isSnowflake } from '../snowflake.ts';
import { noContent, objectBody, ok, type RestRequest, type RouteDef } from './router.ts';

function canReadHistory(req: RestRequest, channelId: string): boolean {
  return hasAll(req.ctx.access.channelPermissions(channelId, req.actorId), PermissionBits.ReadMessageHistory);
}

function parseLimit(raw: string | null): number {
  if (raw === null) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw Errors.invalidForm('limit', 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
  }
  return n;
}

/**
 * Discord's paging: newest first; `before`/`after`/`around` an id (only one is honoured, in that
 * order of precedence: around, before, after).
 */
export function pageMessages(all: readonly MessageRecord[], query: URLSearchParams): MessageRecord[] {
  const limit = parseLimit(query.get('limit'));
  const around = query.get('around');
  const before = query.get('before');
  const after = query.get('after');
  for (const [name, value] of [
    ['around', around],
    ['before', before],
    ['after', after],
  ] as const) {
    if (value !== null && !isSnowflake(value)) {
      throw Errors.invalidForm(name, 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
    }
  }
  let picked: readonly MessageRecord[];
  if (around !== null) {
    const older = all.filter((m) => compareSnowflakes(m.id, around) < 0);
    const newer = all.filter((m) => compareSnowflakes(m.id, around) >= 0);
    const newerCount = Math.min(newer.length, Math.ceil(limit / 2));
    const olderCount = Math.min(older.length, limit - newerCount);
    picked = [...older.slice(older.length - olderCount), ...newer.slice(0, limit - olderCount)];
  } else if (before !== null) {
    const older = all.filter((m) => compareSnowflakes(m.id, before) < 0);
    picked = older.slice(Math.max(0, older.length - limit));
  } else if (after !== null) {
    picked = all.filter((m) => compareSnowflakes(m.id, after) > 0).slice(0, limit);
  } else {
    picked = all.slice(Math.max(0, all.length - limit));
  }
  return [...picked].reverse();
}

/** `allowed_mentions` from a request body; 50035 when it is not an object. */
export function parseAllowedMentions(value: unknown) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') {
    throw Errors.invalidForm(
      'allowed_mentions',
      'DICT_TYPE_CONVERT',
      'Only dictionaries may be used in a DictType',
    );
  }
  const v = value as Record<string, unknown>;
  const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : undefined);
  return {
    parse: list(v.parse) as Array<'users' | 'roles' | 'everyone'> | undefined,
    users: list(v.users),
    roles: list(v.roles),
    replied_user: v.replied_user === true,
  };
}

/** The channel routes. */
export const channelRoutes: RouteDef[] = [
  {
    method: 'GET',
    route: '/channels/:channelId',
    handler: (req) => {
      const channel = requireChannelAccess(req.ctx, req.params.channelId ?? '', req.actorId);
      return ok(
        channel.type === ChannelKind.DM
          ? apiDirectChannel(req.ctx.store, channel, req.actorId)
          : apiChannel(channel),
      );
    },
  },
  {
    method: 'GET',
    route: '/channels/:channelId/messages',
    handler: (req) => {
      const channelId = req.params.channelId ?? '';
      requireChannelAccess(req.ctx, channelId, req.actorId);
      // Discord answers an empty list, not an error, without Read Message History.
      if (!canReadHistory(req, channelId)) return ok([]);
      const page = pageMessages(req.ctx.store.messages(channelId), req.query);
      return ok(page.map((m) => apiMessage(req.ctx.store, m, { viewerId: req.actorId })));
    },
  },
  {
    method: 'GET',
    route: '/channels/:channelId/messages/:messageId',
    handler: (req) => {
      const channelId = req.params.channelId ?? '';
      requireChannelAccess(req.ctx, channelId, req.actorId);
      if (!canReadHistory(req, channelId)) throw Errors.missingAccess();
      const message = req.ctx.store.message(req.params.messageId ?? '');
      if (!message || message.channelId !== channelId) throw Errors.unknownMessage();
      return ok(apiMessage(req.ctx.store, message, { viewerId: req.actorId }));
    },
  },
  {
    method: 'POST',
    route: '/channels/:channelId/messages',
    handler: (req) => {
      const body = objectBody(req);
      if (body.content !== undefined && body.content !== null && typeof body.content !== 'string') {
        throw Errors.invalidForm('content', 'BASE_TYPE_STRING', 'Must be a string.');
      }
      const reference = body.message_reference as Record<string, unknown> | undefined | null;
      const replyToId = reference?.message_id;
      if (replyToId !== undefined && !isSnowflake(replyToId)) {
        throw Errors.invalidForm(
          'message_reference.message_id',
          'NUMBER_TYPE_COERCE',
          'Value is not snowflake.',
        );
      }
      const nonce = body.nonce;
      if (nonce !== undefined && nonce !== null && typeof nonce !== 'string' && typeof nonce !== 'number') {
        throw Errors.invalidForm('nonce', 'BASE_TYPE_STRING', 'Must be a string or an integer.');
      }
      const { message } = createMessage(req.ctx, req.actorId, req.params.channelId ?? '', {
        content: typeof body.content === 'string' ? body.content : '',
        replyToId,
        failIfNotExists: reference?.fail_if_not_exists !== false,
        allowedMentions: parseAllowedMentions(body.allowed_mentions),
        nonce: nonce ?? undefined,
        enforceNonce: body.enforce_nonce === true,
      });
      return ok(apiMessage(req.ctx.store, message, { viewerId: req.actorId }));
    },
  },
  {
    method: 'POST',
    route: '/channels/:channelId/typing',
    handler: (req) => {
      startTyping(req.ctx, req.actorId, req.params.channelId ?? '');
      return noContent();
    },
  },
  {
    method: 'PUT',
    route: '/channels/:channelId/messages/:messageId/reactions/:emoji/@me',
    handler: (req) => {
      addReaction(
        req.ctx,
        req.actorId,
        req.params.channelId ?? '',
        req.params.messageId ?? '',
        parseEmoji(req.params.emoji ?? ''),
      );
      return noContent();
    },
  },
];
