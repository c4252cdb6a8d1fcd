import { z } from 'zod';

/*
 * What a message carries besides its text, as Discord sends it
 * (https://discord.com/developers/docs/resources/message#message-object). Limits are Discord's own,
 * so anything past them is malformed; what the model is shown is bounded further by message-view.ts.
 */

/** A file attached to a message (not its bytes: Ery never downloads them). */
export const AttachmentPart = z.object({
  kind: z.literal('attachment'),
  filename: z.string().min(1).max(1024),
  /** MIME type as Discord reports it, when it does. */
  contentType: z.string().max(255).nullable(),
  /** Bytes. */
  size: z.number().int().nonnegative(),
  /**
   * Where Discord serves the file (its attachment host); absent in batches saved before Ery kept it.
   * Ery reads it only for the model's view of a new batch (actors/agent-thread/attachments.ts).
   */
  url: z.string().max(2048).optional(),
  /**
   * What reading the file gave, set on a copy of the message for the model's view only, never
   * stored: a text file's text (cut), that an image is shown beside the message, or why it was not read.
   */
  read: z
    .object({
      text: z.string().optional(),
      image: z.literal(true).optional(),
      failed: z.string().optional(),
    })
    .optional(),
});
export type AttachmentPart = z.infer<typeof AttachmentPart>;

/** A voice message: flag IS_VOICE_MESSAGE (1 << 13) and an audio attachment with `duration_secs`. */
export const VoicePart = z.object({
  kind: z.literal('voice'),
  /** Seconds, when Discord gave it. */
  durationSecs: z.number().nonnegative().nullable(),
  size: z.number().int().nonnegative(),
});

/** A sticker, by name (`sticker_items`). */
export const StickerPart = z.object({ kind: z.literal('sticker'), name: z.string().min(1).max(100) });

/** A poll: its question and the text of each answer (an answer may be an emoji only: empty text). */
export const PollPart = z.object({
  kind: z.literal('poll'),
  question: z.string().max(300),
  answers: z.array(z.string().max(55)).max(10),
});

/** An embed's readable parts. */
export const EmbedPart = z.object({
  kind: z.literal('embed'),
  title: z.string().max(256).nullable(),
  description: z.string().max(4096).nullable(),
  url: z.string().max(2048).nullable(),
  fields: z.array(z.object({ name: z.string().max(256), value: z.string().max(1024) })).max(25),
  /** `author.name`; absent in batches saved before Ery read it. */
  author: z.string().max(256).nullable().optional(),
  /** `footer.text`. */
  footer: z.string().max(2048).nullable().optional(),
  /** Which media the embed shows (Ery never loads them). */
  media: z
    .array(z.enum(['image', 'thumbnail', 'video']))
    .max(3)
    .optional(),
});

/** Most parts of each kind Discord allows on one message; more are malformed, and counted instead. */
export const PART_LIMITS = { attachment: 10, embed: 10, sticker: 3 } as const;

/** How many parts of one kind were past {@link PART_LIMITS} and not stored. */
export const LeftOutPart = z.object({
  kind: z.literal('left_out'),
  of: z.enum(['attachment', 'embed', 'sticker']),
  count: z.number().int().positive(),
});

const INNER_PARTS = [AttachmentPart, VoicePart, StickerPart, PollPart, EmbedPart, LeftOutPart] as const;

/** What a forwarded message (a snapshot) can carry besides its text. */
export const InnerPart = z.discriminatedUnion('kind', INNER_PARTS);
export type InnerPart = z.infer<typeof InnerPart>;

/**
 * A forwarded message: `message_reference.type` 1 (FORWARD), flag HAS_SNAPSHOT (1 << 14), the text
 * and files of the original in `message_snapshots[].message`. A snapshot holds no author.
 */
export const ForwardPart = z.object({
  kind: z.literal('forward'),
  content: z.string().max(4000),
  parts: z.array(InnerPart),
});

/** One non-text part of a message. */
export const MessagePart = z.discriminatedUnion('kind', [...INNER_PARTS, ForwardPart]);
export type MessagePart = z.infer<typeof MessagePart>;

/**
 * A system message passed on as something that happened, never as its author speaking: `action` is
 * Ery's own wording ("pinned a message"), `detail` what Discord attached to it (a thread name, an
 * AutoMod rule), written by users.
 */
export const MessageEvent = z.object({
  /** Discord's message type (https://discord.com/developers/docs/resources/message#message-object-message-types). */
  type: z.number().int().nonnegative(),
  action: z.string().min(1).max(200),
  detail: z.string().max(1000).nullable(),
});
export type MessageEvent = z.infer<typeof MessageEvent>;
