/**
 * The playground event types the chat page follows, as `GET /chat/events` names its SSE events: one
 * list for the server (which sends them) and the page (which listens for each by name), so a type
 * added here reaches both. Gateway and HTTP traffic are left out.
 */
import type { PlaygroundEvent } from '../../events.ts';

/** The events about a member: each changes the member list and shows as a system line. */
export const MEMBER_STREAM_TYPES = [
  'member.joined',
  'member.banned',
  'member.unbanned',
  'member.kicked',
  'member.updated',
  'role.added',
  'role.removed',
] as const satisfies ReadonlyArray<PlaygroundEvent['type']>;

export const CHAT_STREAM_TYPES = [
  'message.created',
  'message.deleted',
  'reaction.added',
  'typing.started',
  'thread.created',
  'thread.updated',
  'thread.deleted',
  ...MEMBER_STREAM_TYPES,
] as const satisfies ReadonlyArray<PlaygroundEvent['type']>;
