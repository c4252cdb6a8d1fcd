import { type Message, MessageFlags, MessageReferenceType } from 'discord.js';
import { type InnerPart, MessagePart, PART_LIMITS } from '../domain/message-parts.ts';
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

type Attachment = PartCarrier['attachments'] extends Map<string, infer A> ? A : never;

/**
 * Which attachment is the voice message of a message flagged IS_VOICE_MESSAGE: the one with a
 * waveform or a duration, else the first audio one; any other stays an attachment with its name.
 */
function voiceAttachment(message: PartCarrier): Attachment | undefined {
  if (!message.flags.has(MessageFlags.IsVoiceMessage)) return undefined;
  const all = [...message.attachments.values()];
  return (
    all.find((attachment) => attachment.waveform != null || attachment.duration != null) ??
    all.find((attachment) => attachment.contentType?.startsWith('audio/'))
  );
}

/** The first `max` of `items`, and a `left_out` part counting the rest (Discord's own limits). */
function capped<T>(items: readonly T[], of: keyof typeof PART_LIMITS): { kept: T[]; leftOut: MessagePart[] } {
  const max = PART_LIMITS[of];
  const rest = items.length - max;
  return { kept: items.slice(0, max), leftOut: rest > 0 ? [{ kind: 'left_out', of, count: rest }] : [] };
}

function embedPart(embed: PartCarrier['embeds'][number]): unknown {
  const media = (['image', 'thumbnail', 'video'] as const).filter((kind) => embed[kind]?.url);
  return {
    kind: 'embed',
    title: embed.title,
    description: embed.description,
    url: embed.url,
    fields: embed.fields.map(({ name, value }) => ({ name, value })),
    author: embed.author?.name ?? null,
    footer: embed.footer?.text ?? null,
    ...(media.length > 0 ? { media } : {}),
  };
}

/** Attachments, voice, stickers, poll and embeds of one message (or of a forwarded snapshot). */
function innerParts(message: PartCarrier, onDropped: OnDroppedPart): InnerPart[] {
  const voice = voiceAttachment(message);
  const parts: MessagePart[] = [];
  const attachments = capped([...message.attachments.values()], 'attachment');
  for (const attachment of attachments.kept) {
    parts.push(
      ...validated(
        'attachment',
        () =>
          attachment === voice
            ? { kind: 'voice', durationSecs: attachment.duration ?? null, size: attachment.size }
            : {
                kind: 'attachment',
                filename: attachment.name,
                contentType: attachment.contentType ?? null,
                size: attachment.size,
                ...(attachment.url ? { url: attachment.url } : {}),
              },
        onDropped,
      ),
    );
  }
  parts.push(...attachments.leftOut);
  const stickers = capped([...message.stickers.values()], 'sticker');
  for (const sticker of stickers.kept) {
    parts.push(...validated('sticker', () => ({ kind: 'sticker', name: sticker.name }), onDropped));
  }
  parts.push(...stickers.leftOut);
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
  const embeds = capped(message.embeds, 'embed');
  for (const embed of embeds.kept) parts.push(...validated('embed', () => embedPart(embed), onDropped));
  parts.push(...embeds.leftOut);
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
