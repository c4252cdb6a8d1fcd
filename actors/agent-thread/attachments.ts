import type { ChatImage } from '../../src/domain/chat-turn.ts';
import { clip } from '../../src/domain/clip.ts';
import type { ChatMessage } from '../../src/domain/message.ts';
import type { AttachmentPart, MessagePart } from '../../src/domain/message-parts.ts';
import type { Logger } from '../../src/logger.ts';
import { AttachmentReadError, type AttachmentReader } from './attachment-reader.ts';

/**
 * Bounds on what a thread reads of its batch's attachments (issue 12 §2): enough for a screenshot or
 * a log file, never enough to flood the model or the machine.
 */
export const ATTACHMENT_LIMITS = {
  /** Images shown per thread; the rest are described. */
  images: 4,
  /** Bytes of one image (models take up to 20 MB; a screenshot is well under this). */
  imageBytes: 5 * 1024 * 1024,
  /** Text files read per thread. */
  texts: 3,
  /** Bytes of one text file read. */
  textBytes: 100 * 1024,
  /** Characters of one text file shown; the rest is cut, with a marker. */
  textChars: 6000,
} as const;

/** Image types vision models take (OpenAI's and OpenRouter's list), by MIME type and by extension. */
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};
/** Text files by extension: prose, data, logs and code. */
const TEXT_EXTENSIONS = new Set(
  (
    'txt md markdown rst json jsonl csv tsv log yaml yml xml toml ini cfg conf env js mjs cjs ts tsx jsx py rb go rs ' +
    'java kt kts c h cc cpp hpp cs php sh bash zsh fish ps1 sql html htm css scss lua swift r pl ex exs hs dart vue svelte diff patch'
  ).split(' '),
);

/** The MIME type Discord reported, lower case, without parameters (`text/plain; charset=utf-8` → `text/plain`). */
const mimeOf = (part: AttachmentPart) => (part.contentType ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
const extensionOf = (filename: string) => filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';

/** What kind of file an attachment is, from its type as Discord reports it, else its name. */
export function attachmentKind(part: AttachmentPart): 'image' | 'text' | 'other' {
  const type = mimeOf(part);
  const extension = extensionOf(part.filename);
  if (Object.values(IMAGE_TYPES).includes(type) || (type === '' && extension in IMAGE_TYPES)) return 'image';
  if (type.startsWith('image/')) return 'other';
  if (type.startsWith('text/') || type === 'application/json' || type === 'application/xml') return 'text';
  return (type === '' || type === 'application/octet-stream') && TEXT_EXTENSIONS.has(extension)
    ? 'text'
    : 'other';
}

/** The batch as the model reads it: text files' text and read failures on copies of its messages, and its images. */
export interface ReadAttachments {
  messages: ChatMessage[];
  images: ChatImage[];
}

/**
 * Reads the attachments of a batch's messages, in order, within {@link ATTACHMENT_LIMITS}: images
 * (only when `seeImages`: some model is sent images) become {@link ChatImage}s shown after the
 * batch, text files' text is shown in the attachment's `read.text`, and a file that could not be
 * read says why. Messages are copied, never changed: the batch in the channel's snapshot stays as
 * Discord sent it. A failure to read one file never stops the others or the thread.
 */
export async function readAttachments(
  batch: readonly ChatMessage[],
  reader: AttachmentReader,
  options: { seeImages: boolean; signal: AbortSignal; log: Logger },
): Promise<ReadAttachments> {
  const images: ChatImage[] = [];
  let texts = 0;
  const messages: ChatMessage[] = [];
  for (const message of batch) {
    if (!message.parts?.some((part) => part.kind === 'attachment' && part.url)) {
      messages.push(message);
      continue;
    }
    const parts: MessagePart[] = [];
    for (const part of message.parts) {
      if (part.kind !== 'attachment' || !part.url) {
        parts.push(part);
        continue;
      }
      const kind = attachmentKind(part);
      const wanted =
        (kind === 'image' && options.seeImages && images.length < ATTACHMENT_LIMITS.images) ||
        (kind === 'text' && texts < ATTACHMENT_LIMITS.texts);
      if (!wanted) {
        parts.push(part);
        continue;
      }
      const maxBytes = kind === 'image' ? ATTACHMENT_LIMITS.imageBytes : ATTACHMENT_LIMITS.textBytes;
      try {
        const bytes = await reader.read(part.url, maxBytes, options.signal);
        if (kind === 'image') {
          images.push({ name: part.filename, dataUrl: dataUrl(bytes, imageType(part)) });
          parts.push({ ...part, read: { image: true } });
        } else {
          texts += 1;
          parts.push({ ...part, read: textOf(bytes) });
        }
      } catch (error) {
        options.signal.throwIfAborted();
        const reason = error instanceof AttachmentReadError ? error.message : 'it could not be read';
        options.log.warn(
          {
            event: 'agent.attachment.unread',
            messageId: message.id,
            filename: part.filename,
            reason,
            err: error,
          },
          `attachment not read: ${reason}`,
        );
        parts.push({ ...part, read: { failed: reason } });
      }
    }
    messages.push({ ...message, parts });
  }
  return { messages, images };
}

/** A text file's text, cut to {@link ATTACHMENT_LIMITS.textChars}; a binary file is not shown. */
function textOf(bytes: Uint8Array): { text: string } | { failed: string } {
  if (bytes.includes(0)) return { failed: 'it is not a text file' };
  return {
    text: clip(new TextDecoder('utf-8', { fatal: false }).decode(bytes), ATTACHMENT_LIMITS.textChars),
  };
}

const imageType = (part: AttachmentPart) => {
  const type = mimeOf(part);
  return Object.values(IMAGE_TYPES).includes(type)
    ? type
    : (IMAGE_TYPES[extensionOf(part.filename)] ?? 'image/png');
};

const dataUrl = (bytes: Uint8Array, type: string) =>
  `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
