/**
 * Moderation events as system lines ("Ery banned Bob"). Guild-wide actions carry no channel, so,
 * like Discord's system messages, they show in the guild's system channel, and in the private
 * channels (#mod-log) where moderators look for them.
 */

import type { PlaygroundEvent } from '../events.ts';
import type { PlaygroundState } from '../state.ts';
import { MEMBER_STREAM_TYPES } from './client/stream-types.ts';
import { isPrivate } from './views.ts';
import type { SystemLine } from './wire.ts';

/** The event types that become system lines. */
export const MODERATION_EVENT_TYPES: ReadonlySet<PlaygroundEvent['type']> = new Set(MEMBER_STREAM_TYPES);

/** Where a guild-wide line shows: the system channel and every private channel. */
export function systemChannelIds(state: PlaygroundState, guildId: string): string[] {
  const systemId = state.guild(guildId)?.systemChannelId ?? state.channels(guildId)[0]?.id;
  const ids = systemId ? [systemId] : [];
  for (const channel of state.channels(guildId)) {
    if (isPrivate(channel) && channel.id !== systemId) ids.push(channel.id);
  }
  return ids;
}

/**
 * The lines one event shows as: none for events that are not moderation, several for a member
 * update that changed several things at once (a timeout and a role, say).
 */
export function systemLines(event: PlaygroundEvent, channelIds: string[]): SystemLine[] {
  if (!MODERATION_EVENT_TYPES.has(event.type)) return [];
  const where = event.channelId ? [event.channelId] : channelIds;
  const line = (n: number, fields: Omit<SystemLine, 'id' | 'seq' | 'at' | 'channelIds'>): SystemLine => ({
    id: n === 0 ? `sys-${event.seq}` : `sys-${event.seq}-${n}`,
    seq: event.seq,
    at: event.at,
    channelIds: where,
    ...fields,
  });
  switch (event.type) {
    case 'member.joined':
      // Discord announces a join in the system channel only.
      return [
        {
          ...line(0, { kind: 'join', actor: event.target, target: event.target, reason: null }),
          channelIds: where.slice(0, 1),
        },
      ];
    case 'member.banned':
      return [line(0, { kind: 'ban', actor: event.actor, target: event.target, reason: event.reason })];
    case 'member.unbanned':
      return [line(0, { kind: 'unban', actor: event.actor, target: event.target, reason: event.reason })];
    case 'member.kicked':
      return [line(0, { kind: 'kick', actor: event.actor, target: event.target, reason: event.reason })];
    case 'role.added':
    case 'role.removed':
      return [
        line(0, {
          kind: event.type === 'role.added' ? 'role-added' : 'role-removed',
          actor: event.actor,
          target: event.target,
          reason: event.reason,
          role: event.role,
        }),
      ];
    case 'member.updated': {
      const base = { actor: event.actor, target: event.target, reason: event.reason };
      const { changes } = event;
      const fields: Array<Omit<SystemLine, 'id' | 'seq' | 'at' | 'channelIds'>> = [];
      if (changes.timeoutUntil !== undefined) {
        fields.push(
          changes.timeoutUntil === null
            ? { ...base, kind: 'timeout-lifted' }
            : { ...base, kind: 'timeout', until: changes.timeoutUntil },
        );
      }
      for (const role of changes.rolesAdded ?? []) fields.push({ ...base, kind: 'role-added', role });
      for (const role of changes.rolesRemoved ?? []) fields.push({ ...base, kind: 'role-removed', role });
      if (changes.nick !== undefined) fields.push({ ...base, kind: 'nick', nick: changes.nick });
      return fields.map((f, n) => line(n, f));
    }
    default:
      return [];
  }
}
