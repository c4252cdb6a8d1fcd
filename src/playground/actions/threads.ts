/**
 * Threads and forum posts as Discord has them (https://discord.com/developers/docs/topics/threads):
 * started from a message, without one, or as a forum post with its first message; archived, locked
 * and deleted; each change announced with THREAD_CREATE / THREAD_UPDATE / THREAD_DELETE to the
 * sessions that can see the thread (a private one: its members and thread managers only).
 */
import { Errors } from '../errors.ts';
import type { EventThread } from '../events.ts';
import { Intents } from '../gateway.ts';
import { hasAll, PermissionBits } from '../permissions.ts';
import { ChannelKind, type ChannelRecord, type MessageRecord } from '../records.ts';
import { apiChannel, type Json } from '../serialize.ts';
import { type ActionContext, eventUser, requireChannelAccess, requireChannelPermission } from './context.ts';

/** Discord's auto-archive durations, minutes. */
export const AUTO_ARCHIVE_MINUTES = [60, 1440, 4320, 10080] as const;

/** What starting a thread takes, in Discord's request terms. */
export interface StartThreadInput {
  name: string;
  /** 11 public (default, and always for a forum post or a message's thread), 12 private. */
  type?: 11 | 12;
  autoArchiveMinutes?: number;
  /** Start it from this message of the parent: the thread takes the message's id. */
  fromMessageId?: string;
}

/** The thread as the web chat and tests see it. */
export function eventThread(thread: Readonly<ChannelRecord>): EventThread {
  return {
    id: thread.id,
    parentId: thread.parentId ?? '',
    name: thread.name,
    type: thread.type,
    archived: thread.thread?.archived ?? false,
    locked: thread.thread?.locked ?? false,
  };
}

/** The thread, or 10003 when `channelId` names no thread. */
export function requireThread(ctx: ActionContext, channelId: string, actorId: string): ChannelRecord {
  const channel = requireChannelAccess(ctx, channelId, actorId);
  if (!channel.thread) throw Errors.unknownChannel();
  return channel;
}

/** Whether `userId` may manage threads (lock, archive others', delete) where `channelId` is. */
export function managesThreads(ctx: ActionContext, channelId: string, userId: string): boolean {
  return hasAll(ctx.access.channelPermissions(channelId, userId), PermissionBits.ManageThreads);
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 100) {
    throw Errors.invalidForm('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  return name;
}

function checkAutoArchive(minutes: number | undefined): number {
  if (minutes === undefined) return 4320;
  if (!(AUTO_ARCHIVE_MINUTES as readonly number[]).includes(minutes)) {
    throw Errors.invalidForm(
      'auto_archive_duration',
      'BASE_TYPE_CHOICES',
      'Value must be one of {60, 1440, 4320, 10080}.',
    );
  }
  return minutes;
}

/**
 * Starts a thread in `parentId` as `actorId`: from a message (public, the message's id; 160004 when
 * that message has one already), without one (CreatePublicThreads or CreatePrivateThreads), or in a
 * forum (a public post; the caller then posts its first message). Announces THREAD_CREATE.
 */
export function startThread(
  ctx: ActionContext,
  actorId: string,
  parentId: string,
  input: StartThreadInput,
): ChannelRecord {
  const parent = requireChannelAccess(ctx, parentId, actorId);
  if (parent.thread) throw Errors.notTextChannel();
  const name = checkName(input.name);
  const autoArchiveMinutes = checkAutoArchive(input.autoArchiveMinutes);
  const forum = parent.type === ChannelKind.Forum;
  let id = ctx.ids.next();
  let type: 11 | 12 = input.type ?? ChannelKind.PublicThread;
  if (forum || input.fromMessageId !== undefined) type = ChannelKind.PublicThread;
  if (forum) {
    requireChannelPermission(ctx, parentId, actorId, PermissionBits.SendMessages);
  } else {
    const bit = type === ChannelKind.PrivateThread ? 'CreatePrivateThreads' : 'CreatePublicThreads';
    requireChannelPermission(ctx, parentId, actorId, PermissionBits[bit]);
  }
  if (input.fromMessageId !== undefined) {
    if (forum) throw Errors.notTextChannel();
    const starter = ctx.store.message(input.fromMessageId);
    if (!starter || starter.channelId !== parentId) throw Errors.unknownMessage();
    if (ctx.store.channel(starter.id)) throw Errors.threadAlreadyCreated();
    id = starter.id;
  }
  const now = ctx.now();
  const thread: ChannelRecord = {
    id,
    guildId: parent.guildId,
    name,
    type,
    position: 0,
    topic: null,
    overwrites: [],
    lastMessageId: null,
    parentId,
    thread: {
      ownerId: actorId,
      archived: false,
      locked: false,
      autoArchiveMinutes,
      archiveChangedAt: now,
      createdAt: now,
      memberIds: [actorId],
      messageCount: 0,
    },
  };
  ctx.store.putChannel(thread);
  announce(ctx, 'THREAD_CREATE', thread, actorId, { newly_created: true });
  return thread;
}

/** A change to a thread (Discord's Modify Channel for threads). */
export interface ThreadPatch {
  name?: string;
  archived?: boolean;
  locked?: boolean;
  autoArchiveMinutes?: number;
}

/**
 * Edits a thread as `actorId`. Locking or unlocking needs Manage Threads; so does archiving someone
 * else's thread, and unarchiving a locked one. Unarchiving needs Send Messages in Threads. Announces
 * THREAD_UPDATE; returns the thread.
 */
export function updateThread(
  ctx: ActionContext,
  actorId: string,
  threadId: string,
  patch: ThreadPatch,
): ChannelRecord {
  const thread = requireThread(ctx, threadId, actorId);
  const state = thread.thread as NonNullable<ChannelRecord['thread']>;
  const manages = managesThreads(ctx, threadId, actorId);
  const owns = state.ownerId === actorId;
  if (patch.locked !== undefined && patch.locked !== state.locked && !manages)
    throw Errors.missingPermissions();
  if (patch.archived === false && state.archived) {
    if (state.locked && !manages) throw Errors.threadLocked();
    requireChannelPermission(ctx, threadId, actorId, PermissionBits.SendMessagesInThreads);
  }
  if ((patch.archived === true || patch.name !== undefined) && !owns && !manages) {
    throw Errors.missingPermissions();
  }
  if (patch.name !== undefined) thread.name = checkName(patch.name);
  if (patch.autoArchiveMinutes !== undefined)
    state.autoArchiveMinutes = checkAutoArchive(patch.autoArchiveMinutes);
  if (patch.locked !== undefined) state.locked = patch.locked;
  if (patch.archived !== undefined && patch.archived !== state.archived) {
    state.archived = patch.archived;
    state.archiveChangedAt = ctx.now();
  }
  ctx.store.putChannel(thread);
  announce(ctx, 'THREAD_UPDATE', thread, actorId);
  return thread;
}

/** Deletes a thread and its messages as `actorId`, who needs Manage Threads; announces THREAD_DELETE. */
export function deleteThread(ctx: ActionContext, actorId: string, threadId: string): ChannelRecord {
  const thread = requireThread(ctx, threadId, actorId);
  if (!managesThreads(ctx, threadId, actorId)) throw Errors.missingPermissions();
  const payload = { id: thread.id, guild_id: thread.guildId, parent_id: thread.parentId, type: thread.type };
  // Announced while the thread still exists: who may see it is decided by its permissions.
  dispatch(ctx, 'THREAD_DELETE', thread, () => payload);
  ctx.store.removeChannel(thread.id);
  emit(ctx, 'thread.deleted', thread, actorId);
  return thread;
}

/**
 * The permission a message in `channel` needs: Send Messages in Threads in a thread, Send Messages
 * elsewhere; a forum takes messages only in its posts (50008).
 */
export function sendPermission(channel: Readonly<ChannelRecord>): bigint {
  if (channel.type === ChannelKind.Forum) throw Errors.notTextChannel();
  return channel.thread ? PermissionBits.SendMessagesInThreads : PermissionBits.SendMessages;
}

/**
 * Just before a message lands in a thread: a locked thread takes one only from thread managers
 * (160005), and a message in an archived thread unarchives it (THREAD_UPDATE first), as sending does
 * on Discord. The sender joins the thread.
 */
export function prepareThreadMessage(ctx: ActionContext, channel: ChannelRecord, actorId: string): void {
  const state = channel.thread;
  if (!state) return;
  if (state.locked && !managesThreads(ctx, channel.id, actorId)) throw Errors.threadLocked();
  if (state.archived) {
    state.archived = false;
    state.archiveChangedAt = ctx.now();
    announce(ctx, 'THREAD_UPDATE', channel, actorId);
  }
  if (!state.memberIds.includes(actorId)) state.memberIds.push(actorId);
  ctx.store.putChannel(channel);
}

/** Counts a message into its thread (Discord's `message_count`; a forum post's first is the starter). */
export function countThreadMessage(ctx: ActionContext, message: MessageRecord): void {
  const channel = ctx.store.channel(message.channelId);
  if (!channel?.thread || message.id === channel.id) return;
  channel.thread.messageCount += 1;
  ctx.store.putChannel(channel as ChannelRecord);
}

/**
 * THREAD_LIST_SYNC for a guild: every session gets the active threads it can see (what Discord
 * sends when a session gains access to channels), so discord.js replaces its cached list.
 */
export function syncThreads(ctx: ActionContext, guildId: string): void {
  ctx.gateway.dispatch({
    t: 'THREAD_LIST_SYNC',
    guildId,
    intent: Intents.Guilds,
    build: (session) => {
      const visible = ctx.store
        .threads(guildId)
        .filter((t) => !t.thread?.archived && ctx.access.channelPermissions(t.id, session.userId) !== 0n);
      return { guild_id: guildId, threads: visible.map(apiChannel), members: [] };
    },
  });
}

function dispatch(ctx: ActionContext, t: string, thread: ChannelRecord, build: () => Json): void {
  ctx.gateway.dispatch({ t, guildId: thread.guildId, intent: Intents.Guilds, channelId: thread.id, build });
}

function emit(
  ctx: ActionContext,
  type: 'thread.created' | 'thread.updated' | 'thread.deleted',
  thread: ChannelRecord,
  actorId: string,
): void {
  ctx.events.emit({
    type,
    actorId,
    guildId: thread.guildId,
    channelId: thread.parentId ?? null,
    thread: eventThread(thread),
    actor: eventUser(ctx, thread.guildId, actorId),
  });
}

function announce(
  ctx: ActionContext,
  t: 'THREAD_CREATE' | 'THREAD_UPDATE',
  thread: ChannelRecord,
  actorId: string,
  extra: Json = {},
): void {
  dispatch(ctx, t, thread, () => ({ ...apiChannel(thread), ...extra }));
  emit(ctx, t === 'THREAD_CREATE' ? 'thread.created' : 'thread.updated', thread, actorId);
}
