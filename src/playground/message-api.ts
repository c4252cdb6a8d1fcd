/**
 * The part of the in-process {@link Playground} API that acts on messages as a person would: post,
 * inject, react, edit, delete. Each goes through the same action, checks, gateway dispatches and
 * events as the REST route that does it, so a test can play the people around the bot.
 */
import type { ActionContext } from './actions/context.ts';
import { openDirectMessage } from './actions/direct-messages.ts';
import { type InjectMessageInput, injectMessage } from './actions/inject-message.ts';
import { type JoinInput, joinGuild } from './actions/member-joins.ts';
import { bulkDeleteMessages, deleteMessage } from './actions/message-deletes.ts';
import { editMessage } from './actions/message-edits.ts';
import { addReaction, createMessage, parseEmoji } from './actions/messages.ts';
import type { AttachmentJson, UploadInput } from './attachments.ts';
import type { MemberRecord } from './records.ts';
import { type ApiMessage, apiMessage } from './serialize-message.ts';

/** Message actions of a running playground; each throws {@link ApiError} where Discord refuses. */
export interface PlaygroundMessages {
  /**
   * Posts a message as `authorId` (a member of the channel's guild), with the same rules a real user
   * meets (a timed-out or banned user cannot post: throws {@link ApiError}). Parses `<@id>`, `<@&id>`
   * and `@everyone`, dispatches MESSAGE_CREATE.
   */
  postMessage(input: {
    channelId: string;
    authorId: string;
    /** May be empty when `files` are given. */
    content: string;
    replyToId?: string;
    /** Files the user attaches: kept on the attachment host and sent as the message's `attachments`. */
    files?: ReadonlyArray<Omit<UploadInput, 'channelId'>>;
  }): ApiMessage;
  /**
   * Injects a message exactly as Discord would send it (any `type`, raw `fields` such as
   * `message_snapshots`, `attachments`, `poll` or a `message_reference` with no reply), stored so
   * REST history returns it too, and dispatched as MESSAGE_CREATE. For tests that replay real
   * payloads; see {@link InjectMessageInput}.
   */
  injectMessage(input: InjectMessageInput): ApiMessage;
  /**
   * A person joins a guild: a known user by `userId`, or a new user made from `username` (`bot` for
   * a bot). Stores the member, dispatches GUILD_MEMBER_ADD with `guild_id` and `user`, emits
   * `member.joined`; returns the member (already one: returned as is, nothing sent).
   */
  joinGuild(input: JoinInput): MemberRecord;
  /**
   * Opens (or finds) the DM channel between `userId` and `recipientId`, as `POST /users/@me/channels`
   * does for `userId`; post in it with {@link postMessage}. Returns the channel as `userId` sees it.
   */
  openDirectMessage(input: { userId: string; recipientId: string }): { id: string; type: 1 };
  /** Adds a reaction as `userId` (unicode emoji). */
  react(input: { channelId: string; messageId: string; userId: string; emoji: string }): void;
  /**
   * Rewrites the content of a message as its author (`authorId`; anyone else: 50005): sets its edit
   * time, resolves its mentions again, dispatches MESSAGE_UPDATE with the whole message and emits
   * `message.updated`. Returns the message as its author now sees it.
   */
  editMessage(input: { channelId: string; messageId: string; authorId: string; content: string }): ApiMessage;
  /**
   * Deletes a message as `actorId`: its author, or a member with Manage Messages in the channel
   * (else 50013). Dispatches MESSAGE_DELETE and emits `message.deleted`; a moderator's delete is
   * audited with `reason`.
   */
  deleteMessage(input: { channelId: string; messageId: string; actorId: string; reason?: string }): void;
  /**
   * Deletes 2–100 messages of one channel at once as `actorId`, who needs Manage Messages; none may
   * be older than 14 days (50034). Unknown ids count but are skipped. Dispatches one
   * MESSAGE_DELETE_BULK and emits `message.deleted` (with `bulk`) for each; returns the ids deleted.
   */
  bulkDeleteMessages(input: {
    channelId: string;
    messageIds: readonly string[];
    actorId: string;
    reason?: string;
  }): string[];
}

/** The message actions over one playground's action context. */
export function messageApi(
  ctx: ActionContext,
  upload: (input: UploadInput) => AttachmentJson,
): PlaygroundMessages {
  const { store } = ctx;
  return {
    postMessage(input) {
      const files = input.files ?? [];
      const { message } = createMessage(ctx, input.authorId, input.channelId, {
        content: input.content,
        replyToId: input.replyToId,
        ...(files.length > 0
          ? { attachments: files.map((file) => upload({ ...file, channelId: input.channelId })) }
          : {}),
      });
      return apiMessage(store, message, { viewerId: input.authorId });
    },
    openDirectMessage({ userId, recipientId }) {
      return { id: openDirectMessage(ctx, userId, recipientId).id, type: 1 };
    },
    injectMessage(input) {
      return apiMessage(store, injectMessage(ctx, input), { viewerId: input.authorId });
    },
    joinGuild: (input) => joinGuild(ctx, input),
    react(input) {
      const emoji = parseEmoji(encodeURIComponent(input.emoji));
      addReaction(ctx, input.userId, input.channelId, input.messageId, emoji);
    },
    editMessage(input) {
      const { channelId, messageId, authorId, content } = input;
      const message = editMessage(ctx, authorId, channelId, messageId, { content });
      return apiMessage(store, message, { viewerId: authorId });
    },
    deleteMessage(input) {
      deleteMessage(ctx, { ...input, reason: input.reason ?? null });
    },
    bulkDeleteMessages(input) {
      return bulkDeleteMessages(ctx, { ...input, reason: input.reason ?? null });
    },
  };
}
