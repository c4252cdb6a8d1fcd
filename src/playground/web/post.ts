/**
 * `POST /chat/messages` and `POST /chat/reactions`: the page acting as one of the server's people,
 * a message with files included (kept on the playground's attachment host).
 * Bodies are validated with zod; the playground's own refusals (a timed-out user cannot post, Alice
 * cannot see #mod-log) are translated into messages that say what to do.
 */
import { z } from 'zod';
import { Snowflake } from '../../domain/message.ts';
import { ApiError, ApiErrorCode } from '../errors.ts';
import type { Playground } from '../index.ts';
import { MAX_PAGE_FILE_BYTES, MAX_PAGE_FILES, MAX_PAGE_FILES_BYTES } from './client/file-limits.ts';
import { WebChatError } from './errors.ts';
import { messageView } from './views.ts';
import type { MessageView } from './wire.ts';

/** Bytes `base64` decodes to (its length is a multiple of 4, checked before). */
const decodedBytes = (base64: string) => (base64.length / 4) * 3 - (base64.match(/=*$/)?.[0].length ?? 0);

/** A file the page attaches, its bytes in base64. */
const PageFile = z.strictObject({
  filename: z
    .string()
    .min(1)
    .max(255, 'A file name can be at most 255 characters long.')
    .refine((name) => !/[/\\]/.test(name), 'A file name cannot hold a slash.')
    .refine(
      (name) => !/\p{Cc}/u.test(name),
      'A file name cannot hold control characters (such as a new line).',
    )
    .refine((name) => name !== '.' && name !== '..', 'A file name cannot be "." or "..".'),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'A content type looks like "image/png".')
    .optional(),
  dataBase64: z
    .string()
    .max(Math.ceil(MAX_PAGE_FILE_BYTES / 3) * 4 + 4, 'A file can be at most 10 MiB.')
    // Two plain steps: a pattern repeating a group gives up (no match) on a 6 MB file in Bun.
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'File data must be base64 (padded).')
    .refine((data) => data.length % 4 === 0, 'File data must be base64 (padded).')
    .refine((data) => decodedBytes(data) <= MAX_PAGE_FILE_BYTES, 'A file can be at most 10 MiB.'),
});

/** Body of `POST /chat/messages`: text, files, or both. */
export const PostMessageSchema = z
  .strictObject({
    channelId: Snowflake,
    authorId: Snowflake,
    content: z.string().max(2000, 'A message can be at most 2000 characters long.'),
    replyToId: Snowflake.optional(),
    files: z
      .array(PageFile)
      .max(MAX_PAGE_FILES, `At most ${MAX_PAGE_FILES} files per message.`)
      .refine(
        (files) =>
          files.reduce((sum, file) => sum + decodedBytes(file.dataBase64), 0) <= MAX_PAGE_FILES_BYTES,
        'The files of one message can be at most 25 MiB in all.',
      )
      .optional(),
  })
  .refine((body) => body.content.trim() !== '' || (body.files?.length ?? 0) > 0, {
    path: ['content'],
    message: 'Type a message first (or attach a file): it cannot be empty.',
    // Also said when another field is wrong, so one answer lists every problem.
    when: ({ value, issues }) =>
      typeof (value as { content?: unknown })?.content === 'string' &&
      !issues.some((issue) => issue.path?.[0] === 'content' || issue.path?.[0] === 'files'),
  });

/** Body of `POST /chat/reactions`. */
export const PostReactionSchema = z.strictObject({
  channelId: Snowflake,
  messageId: Snowflake,
  userId: Snowflake,
  emoji: z.string().min(1).max(32),
});

/**
 * Reads and validates a JSON body, or throws WEB_CHAT_INVALID_BODY listing each bad field; a body
 * that is not JSON is answered with the schema's field names as the example.
 */
export async function readBody<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  let json: unknown;
  try {
    json = await req.json();
  } catch {
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    const example = shape
      ? Object.keys(shape)
          .map((key) => `"${key}": …`)
          .join(', ')
      : '…';
    throw new WebChatError('WEB_CHAT_INVALID_BODY', `The body must be JSON, e.g. {${example}}.`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new WebChatError('WEB_CHAT_INVALID_BODY', `Invalid request: ${summary}`, issues);
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Checks what the playground would refuse with a bare code, so the page can say why: the person
 * and the channel exist, the person is a member and not the bot.
 */
export function requireAuthor(
  pg: Playground,
  userId: string,
  channelId: string,
): { guildId: string; name: string } {
  const user = pg.state.user(userId);
  if (!user)
    throw new WebChatError(
      'WEB_CHAT_UNKNOWN_USER',
      `There is no user ${userId}. Pick someone from "You are".`,
    );
  const channel = pg.state.channel(channelId);
  if (!channel)
    throw new WebChatError('WEB_CHAT_UNKNOWN_CHANNEL', `There is no channel ${channelId}. Reload the page.`);
  const name = pg.state.displayName(channel.guildId, userId);
  if (user.bot) {
    throw new WebChatError(
      'WEB_CHAT_BOT_AUTHOR',
      `${name} is a bot: its messages come from the bot itself. Pick a person from "You are".`,
    );
  }
  if (pg.state.ban(channel.guildId, userId)) {
    throw new WebChatError(
      'WEB_CHAT_BANNED',
      `${name} is banned from this server. Pick someone else from "You are".`,
    );
  }
  if (!pg.state.member(channel.guildId, userId)) {
    throw new WebChatError(
      'WEB_CHAT_NOT_MEMBER',
      `${name} is no longer a member of this server (kicked?). Pick someone else from "You are".`,
    );
  }
  return { guildId: channel.guildId, name };
}

/** Turns the playground's refusal into one that names the person, the channel and what to do. */
function explain(
  pg: Playground,
  error: unknown,
  userId: string,
  channelId: string,
  now: () => number,
): unknown {
  if (!(error instanceof ApiError)) return error;
  const channel = pg.state.channel(channelId);
  const guildId = channel?.guildId ?? null;
  const name = pg.state.displayName(guildId, userId);
  const until = guildId ? pg.state.member(guildId, userId)?.communicationDisabledUntil : null;
  if (error.discordCode === ApiErrorCode.MissingPermissions && until != null && until > now()) {
    return new WebChatError(
      'WEB_CHAT_TIMED_OUT',
      `${name} is timed out until ${utc(until)} and cannot post or react. Pick someone else from "You are".`,
    );
  }
  if (error.discordCode === ApiErrorCode.MissingAccess) {
    return new WebChatError(
      'WEB_CHAT_NO_ACCESS',
      `${name} cannot see #${channel?.name}. Pick another channel or person.`,
    );
  }
  if (error.discordCode === ApiErrorCode.MissingPermissions) {
    return new WebChatError('WEB_CHAT_REFUSED', `${name} is not allowed to do that in #${channel?.name}.`);
  }
  if (error.errors && 'message_reference' in error.errors) {
    return new WebChatError(
      'WEB_CHAT_REFUSED',
      'The message you reply to no longer exists. Cancel the reply and send again.',
    );
  }
  return new WebChatError('WEB_CHAT_REFUSED', `The server refused: ${error.message}.`);
}

/** Posts as a person; returns the message as the page shows it. */
export async function postChatMessage(pg: Playground, req: Request, now: () => number): Promise<MessageView> {
  const body = await readBody(req, PostMessageSchema);
  requireAuthor(pg, body.authorId, body.channelId);
  try {
    const { files, ...rest } = body;
    const posted = pg.postMessage({
      ...rest,
      ...(files
        ? {
            files: files.map(({ dataBase64, ...file }) => ({
              ...file,
              bytes: Uint8Array.from(Buffer.from(dataBase64, 'base64')),
            })),
          }
        : {}),
    });
    const record = pg.state.message(posted.id);
    if (!record) throw new Error(`message ${posted.id} vanished right after it was posted`);
    return messageView(pg.state, record);
  } catch (error) {
    throw explain(pg, error, body.authorId, body.channelId, now);
  }
}

/** Adds a person's reaction to a message. */
export async function postChatReaction(pg: Playground, req: Request, now: () => number): Promise<void> {
  const body = await readBody(req, PostReactionSchema);
  requireAuthor(pg, body.userId, body.channelId);
  try {
    pg.react(body);
  } catch (error) {
    throw explain(pg, error, body.userId, body.channelId, now);
  }
}
