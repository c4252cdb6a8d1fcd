import { type Message, MessageFlags, MessageReferenceType } from 'discord.js';
import { type InnerPart, MessagePart } from '../domain/message-parts.ts';
import { ownSnapshots } from './raw-messages.ts';

/** Told about each part that did not validate; the part is left out and the message goes on. */
export type OnDroppedPart = (dropped: { kind: string; detail: string }) => void;

/**
 * Reads one candidate part and validates it; a getter that throws or a shape that does not fit is
 * reported to `onDropped` and gives nothing.
 */
function validated(kind: string, read: () => unknown, onDropped: OnDroppedPart): MessagePart[] {
  try {
    const parsed = MessagePart.safeParse(read());
    if (parsed.success) return [parsed.data];
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    onDropped({ kind, detail });
  } catch (error) {
    onDropped({ kind, detail: error instanceof Error ? error.message : String(error) });
  }
  return [];
}

/** What a message and a forwarded snapshot have in common (discord.js types a snapshot's poll as null). */
type PartCarrier = Pick<Message, 'flags' | 'attachments' | 'stickers' | 'embeds' | 'poll'>;

/** Attachments, voice, stickers, poll and embeds of one message (or of a forwarded snapshot). */
function innerParts(message: PartCarrier, onDropped: OnDroppedPart): InnerPart[] {
  const voice = message.flags.has(MessageFlags.IsVoiceMessage);
  const parts: MessagePart[] = [];
  for (const attachment of message.attachments.values()) {
    parts.push(
      ...validated(
        'attachment',
        () =>
          voice
            ? { kind: 'voice', durationSecs: attachment.duration ?? null, size: attachment.size }
            : {
                kind: 'attachment',
                filename: attachment.name,
                contentType: attachment.contentType ?? null,
                size: attachment.size,
              },
        onDropped,
      ),
    );
  }
  for (const sticker of message.stickers.values()) {
    parts.push(...validated('sticker', () => ({ kind: 'sticker', name: sticker.name }), onDropped));
  }
  const poll = message.poll;
  if (poll) {
    parts.push(
      ...validated(
        'poll',
        () => ({
          kind: 'poll',
          question: poll.question.text ?? '',
          answers: [...poll.answers.values()].map((answer) => answer.text ?? ''),
        }),
        onDropped,
      ),
    );
  }
  for (const embed of message.embeds) {
    parts.push(
      ...validated(
        'embed',
        () => ({
          kind: 'embed',
          title: embed.title,
          description: embed.description,
          url: embed.url,
          fields: embed.fields.map(({ name, value }) => ({ name, value })),
        }),
        onDropped,
      ),
    );
  }
  // Only inner kinds were built above; the filter tells TypeScript so.
  return parts.filter((part): part is InnerPart => part.kind !== 'forward');
}

/**
 * What `message` carries besides its text, as validated {@link MessagePart}s: for a forward
 * (`message_reference.type` 1 with `message_snapshots`), each snapshot's text and parts; then the
 * message's own attachments (voice ones when flagged IS_VOICE_MESSAGE), stickers, poll and embeds.
 * A malformed part is left out and reported to `onDropped`; this never throws.
 */
export function messageParts(message: Message, onDropped: OnDroppedPart = () => {}): MessagePart[] {
  const parts: MessagePart[] = [];
  if (message.reference?.type === MessageReferenceType.Forward) {
    let snapshots: ReturnType<typeof ownSnapshots> = [];
    try {
      snapshots = ownSnapshots(message);
    } catch (error) {
      onDropped({ kind: 'forward', detail: error instanceof Error ? error.message : String(error) });
    }
    for (const snapshot of snapshots) {
      parts.push(
        ...validated(
          'forward',
          () => ({
            kind: 'forward',
            content: snapshot.content ?? '',
            parts: innerParts(snapshot, onDropped),
          }),
          onDropped,
        ),
      );
    }
  }
  try {
    parts.push(...innerParts(message, onDropped));
  } catch (error) {
    onDropped({ kind: 'message', detail: error instanceof Error ? error.message : String(error) });
  }
  return parts;
}
