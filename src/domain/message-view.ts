import { clip } from './clip.ts';
import type { InnerPart, MessageEvent, MessagePart } from './message-parts.ts';

/*
 * How a message's non-text parts and a system event are shown to the model: plain JSON values that
 * sit inside the message's own JSON line, so text written by users stays a JSON string and cannot
 * pass as instructions or as another message. Everything is bounded: long texts are cut with a
 * marker, long lists say how many were left out.
 */

/** Most characters of each text shown; Discord allows far more in some. */
export const VIEW_LIMITS = {
  forwardContent: 1000,
  filename: 100,
  embedTitle: 256,
  embedDescription: 300,
  embedFieldName: 100,
  embedFieldValue: 200,
  embedFields: 3,
  embedAuthor: 100,
  embedFooter: 200,
  /** Most characters of one message's parts together, as JSON; the rest are counted, not shown. */
  partsChars: 3000,
} as const;

/** One part as the model reads it. */
export type PartView = Record<string, unknown>;

const present = <T>(value: T | null | undefined): value is T =>
  value !== null && value !== undefined && value !== '';

function innerView(part: InnerPart): PartView {
  switch (part.kind) {
    case 'attachment':
      return {
        type: 'attachment',
        filename: clip(part.filename, VIEW_LIMITS.filename),
        content_type: part.contentType,
        size_bytes: part.size,
        ...(part.read?.text === undefined ? {} : { text: part.read.text }),
        ...(part.read?.image ? { shown: 'as an image after this message' } : {}),
        ...(part.read?.failed === undefined ? {} : { not_read: part.read.failed }),
      };
    case 'voice':
      return { type: 'voice message', duration_secs: part.durationSecs, size_bytes: part.size };
    case 'sticker':
      return { type: 'sticker', name: part.name };
    case 'poll':
      return { type: 'poll', question: part.question, answers: part.answers };
    case 'embed': {
      const fields = part.fields.slice(0, VIEW_LIMITS.embedFields).map((field) => ({
        name: clip(field.name, VIEW_LIMITS.embedFieldName),
        value: clip(field.value, VIEW_LIMITS.embedFieldValue),
      }));
      const more = part.fields.length - fields.length;
      return {
        type: 'embed',
        ...(present(part.title) ? { title: clip(part.title, VIEW_LIMITS.embedTitle) } : {}),
        ...(present(part.description)
          ? { description: clip(part.description, VIEW_LIMITS.embedDescription) }
          : {}),
        ...(present(part.url) ? { url: part.url } : {}),
        ...(fields.length > 0 ? { fields } : {}),
        ...(more > 0 ? { fields_left_out: more } : {}),
        ...(present(part.author) ? { author: clip(part.author, VIEW_LIMITS.embedAuthor) } : {}),
        ...(present(part.footer) ? { footer: clip(part.footer, VIEW_LIMITS.embedFooter) } : {}),
        ...(part.media && part.media.length > 0 ? { media: part.media } : {}),
      };
    }
    case 'left_out':
      return { type: 'left out', of: `${part.of}s`, count: part.count };
  }
}

/** Views of `items` in order while they fit in `budget` characters of JSON (the first always). */
function bounded<T>(items: readonly T[], view: (item: T, budget: number) => PartView, budget: number) {
  const views: PartView[] = [];
  let used = 0;
  for (const [index, item] of items.entries()) {
    const shown = view(item, budget - used);
    used += JSON.stringify(shown).length;
    if (used > budget && views.length > 0) {
      views.push({ type: 'left out', count: items.length - index });
      break;
    }
    views.push(shown);
  }
  return views;
}

function partView(part: MessagePart, budget: number): PartView {
  if (part.kind !== 'forward') return innerView(part);
  const content = clip(part.content, VIEW_LIMITS.forwardContent);
  const parts = bounded(part.parts, innerView, budget - content.length);
  return { type: 'forwarded message', content, ...(parts.length > 0 ? { parts } : {}) };
}

/**
 * The parts of one message as the model reads them, in order, about
 * {@link VIEW_LIMITS.partsChars} characters of JSON at most; parts past that are replaced by one
 * `{ type: 'left out', count }`. Undefined when there are none.
 */
export function partsView(parts: readonly MessagePart[] | undefined): PartView[] | undefined {
  if (!parts || parts.length === 0) return undefined;
  return bounded(parts, partView, VIEW_LIMITS.partsChars);
}

/**
 * A system event as the model reads it: `event` is Ery's own wording only ("pinned message 123");
 * who it is about is `user` (their display name, chosen by them, so kept in its own JSON string like
 * message content) and `user_id`; `detail` is what Discord attached, also written by users.
 */
export function eventView(
  event: MessageEvent,
  author: { id: string; name: string },
): { event: string; user: string; user_id: string; detail?: string } {
  return {
    event: event.action,
    user: author.name,
    user_id: author.id,
    ...(event.detail ? { detail: event.detail } : {}),
  };
}
