/**
 * What the web chat's HTTP API sends and accepts. Types only: the server builds these in views.ts,
 * and the browser code in client/ imports them with `import type`, so both sides share one contract.
 */
import type { PlaygroundEvent } from '../events.ts';

/** A role as the page colours names with it. `color` is 0xRRGGBB, 0 for none. */
export interface RoleView {
  id: string;
  name: string;
  color: number;
  position: number;
  /** Shown as its own group in the member list. */
  hoist: boolean;
  /** Anyone may ping it: the composer offers it after `@` (Discord's rule for members without Mention Everyone). */
  mentionable: boolean;
}

/** A member of the shown guild. */
export interface MemberView {
  id: string;
  name: string;
  username: string;
  /** The user's global display name, if set. */
  globalName: string | null;
  /** The member's server nickname, if set. */
  nick: string | null;
  bot: boolean;
  owner: boolean;
  /** Role ids other than @everyone, highest first. */
  roleIds: string[];
  /** Colour of the highest coloured role, 0 for none (the page's default text colour). */
  color: number;
  /** Timeout end (ms since the epoch), or null. A past value means the timeout is over. */
  timeoutUntil: number | null;
}

/** A text channel. */
export interface ChannelView {
  id: string;
  name: string;
  topic: string | null;
  /** Hidden from @everyone (e.g. #mod-log): shown with a lock. */
  private: boolean;
  /** The members who can see it when the state was taken: whom the composer offers after `@`. */
  viewerIds: string[];
  /** `text`, `forum` (takes posts, not messages) or `thread` (a thread or forum post, under `parentId`). */
  kind: 'text' | 'forum' | 'thread';
  /** A thread's parent channel; null for other channels. */
  parentId: string | null;
  /** A thread's state; false for other channels. */
  archived: boolean;
  locked: boolean;
}

/** Someone as a message or system line names them. */
export interface UserRef {
  id: string;
  name: string;
  bot: boolean;
}

/** One emoji's reactions on a message. */
export interface ReactionView {
  emoji: string;
  count: number;
  userIds: string[];
}

/** A message as the page renders it. */
export interface MessageView {
  id: string;
  channelId: string;
  author: UserRef;
  content: string;
  createdAt: number;
  editedAt: number | null;
  /** The message replied to; `content` null when it has been deleted since. */
  replyTo: { id: string; author: UserRef | null; content: string | null } | null;
  mentions: {
    users: Array<{ id: string; name: string }>;
    roles: Array<{ id: string; name: string }>;
    everyone: boolean;
  };
  reactions: ReactionView[];
  /** Files on the message, as its attachment objects give them. */
  attachments: AttachmentView[];
}

/** A file on a message. */
export interface AttachmentView {
  filename: string;
  contentType: string | null;
  /** Bytes. */
  size: number;
  url: string;
}

/** A moderation action shown as a system line between messages. */
export interface SystemLine {
  /** `sys-<event seq>`: unique and stable across reloads. */
  id: string;
  seq: number;
  at: number;
  /** The channels the line appears in (the event's own, else the system channel and private log channels). */
  channelIds: string[];
  kind:
    | 'join'
    | 'ban'
    | 'unban'
    | 'kick'
    | 'timeout'
    | 'timeout-lifted'
    | 'role-added'
    | 'role-removed'
    | 'nick';
  actor: UserRef;
  target: UserRef;
  reason: string | null;
  /** Timeout end for `timeout`. */
  until?: number;
  /** The role for `role-added` / `role-removed`. */
  role?: { id: string; name: string };
  /** The new nick for `nick` (null: reset). */
  nick?: string | null;
}

/** `GET /chat/state`: everything the page needs to draw itself. */
export interface ChatState {
  title: string;
  banner: string | null;
  /** The live inspector's page (`…/inspector`) when Ery's ops server runs, else null: no link. */
  inspectorUrl: string | null;
  /** The last event seq included: open `/chat/events?since=<seq>` to miss nothing after it. */
  seq: number;
  guild: { id: string; name: string; ownerId: string; systemChannelId: string | null } | null;
  botUserId: string;
  channels: ChannelView[];
  roles: RoleView[];
  members: MemberView[];
  /** Recent messages per channel id, oldest first. */
  messages: Record<string, MessageView[]>;
  /** Recent moderation lines, oldest first. */
  system: SystemLine[];
}

/**
 * One item of `GET /chat/events` (the SSE `data`; the SSE `event` is `event.type`, the `id` its seq):
 * the playground event as reported, plus the views the page needs, taken when it happened.
 */
export interface ChatStreamItem {
  event: PlaygroundEvent;
  /** `message.created`, `reaction.added`: the message as it is now. */
  message?: MessageView;
  /** Member-affecting events: the target's member now, null when they left (kick, ban). */
  member?: MemberView | null;
  /** Moderation events: the lines to show (a member update that changed several things has several). */
  lines?: SystemLine[];
  /** `thread.created`, `thread.updated`: the thread as it is now (null when the viewer list is empty). */
  channel?: ChannelView | null;
}

/** `POST /chat/messages` body. */
export interface PostMessageBody {
  channelId: string;
  authorId: string;
  content: string;
  replyToId?: string;
  /** Attached files, bytes in base64 (at most 10, 10 MiB each). */
  files?: Array<{ filename: string; contentType?: string; dataBase64: string }>;
}

/** `POST /chat/members` body: a new person joins the shown server. */
export interface PostMemberBody {
  /** Display name, 2–32 characters. */
  name: string;
  bot?: boolean;
}

/** `POST /chat/reactions` body. */
export interface PostReactionBody {
  channelId: string;
  messageId: string;
  userId: string;
  emoji: string;
}

/** One way to run a command, down to its subcommand (`/ery config set`), as the `/` list shows it. */
export interface CommandUsageView {
  /** `/ery config set`. */
  usage: string;
  description: string;
  options: Array<{
    name: string;
    description: string;
    required: boolean;
    autocomplete: boolean;
    choices: string[];
  }>;
}

/** `POST /chat/commands` and `POST /chat/commands/autocomplete` body: what was typed after `/`. */
export interface PostCommandBody {
  channelId: string;
  userId: string;
  /** `/ery config set setting:batch_size value:3`. */
  text: string;
}

/** The bot's reply to a command; an ephemeral one is for the invoker alone. */
export interface CommandReplyView {
  messageId: string;
  content: string;
  ephemeral: boolean;
}

/** Every refusal of the chat API: status 400 with this body. */
export interface ChatErrorBody {
  error: {
    code: string;
    message: string;
    /** Field problems of a body that failed validation. */
    issues?: Array<{ path: string; message: string }>;
  };
}
