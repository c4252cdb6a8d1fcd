import { type Message, MessageReferenceType, MessageType } from 'discord.js';
import type { MessageEvent, MessagePart } from '../domain/message-parts.ts';
import type { Logger } from '../logger.ts';
import { messageParts } from './message-parts.ts';
import { messageKind } from './message-types.ts';

/** What a message says, read the same way for the live feed and for history. */
export type MessageBody =
  | { kind: 'drop'; type: number | null }
  | {
      kind: 'chat';
      content: string;
      /** Only for a REPLY (19) with a plain reference. */
      replyToId: string | null;
      /** Absent when the message carries nothing besides its text. */
      parts?: MessagePart[];
    }
  | { kind: 'event'; content: ''; replyToId: null; event: MessageEvent };

/**
 * The id of the message `message` replies to. Only type 19 REPLY is a reply: a forward, a crosspost
 * or a pin notice also carries a `message_reference`, and none of them answers anyone.
 */
function replyTargetId(message: Message): string | null {
  if (message.type !== MessageType.Reply) return null;
  const reference = message.reference;
  if (!reference?.messageId) return null;
  // Discord omits `type` on older references; absent means a plain reply.
  const type: MessageReferenceType | undefined = reference.type;
  return type === undefined || type === MessageReferenceType.Default ? reference.messageId : null;
}

/**
 * Reads `message` as chat (text, reply target and non-text parts), as an event (a system message, in
 * Ery's words), or as dropped; see message-types.ts. Malformed parts are left out and logged as
 * `discord.message.part_dropped` warnings. Never throws.
 */
export function readMessageBody(message: Message, logger?: Logger): MessageBody {
  const kind = messageKind(message);
  if (kind.kind === 'drop') return { kind: 'drop', type: message.type };
  if (kind.kind === 'event') {
    const event = { type: message.type ?? -1, action: kind.action, detail: kind.detail };
    return { kind: 'event', content: '', replyToId: null, event };
  }
  const parts = messageParts(message, (dropped) =>
    logger?.warn(
      { event: 'discord.message.part_dropped', messageId: message.id, ...dropped },
      'part of a message left out: it did not validate',
    ),
  );
  return {
    kind: 'chat',
    content: message.content ?? '',
    replyToId: replyTargetId(message),
    ...(parts.length > 0 ? { parts } : {}),
  };
}
