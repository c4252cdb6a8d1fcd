/**
 * The part of the in-process {@link Playground} API that acts on threads as a person would: start
 * one (from a message, without one, or as a forum post), archive or lock it, delete it, and make the
 * gateway send THREAD_LIST_SYNC. Each goes through the same action, checks and dispatches as the
 * REST route that does it.
 */
import type { ActionContext } from './actions/context.ts';
import { createMessage } from './actions/messages.ts';
import {
  deleteThread,
  eventThread,
  type StartThreadInput,
  startThread,
  syncThreads,
  type ThreadPatch,
  updateThread,
} from './actions/threads.ts';
import type { EventThread } from './events.ts';
import { ChannelKind } from './records.ts';

/** Thread actions of a running playground; each throws {@link ApiError} where Discord refuses. */
export interface PlaygroundThreads {
  /**
   * Starts a thread in `parentId` as `actorId` (see {@link StartThreadInput}). In a forum, `content`
   * is the post's first message (required there, as on Discord); it shares the post's id.
   */
  startThread(input: StartThreadInput & { parentId: string; actorId: string; content?: string }): EventThread;
  /** Archives, unarchives, locks, unlocks or renames a thread as `actorId`; THREAD_UPDATE. */
  updateThread(input: ThreadPatch & { threadId: string; actorId: string }): EventThread;
  /** Deletes a thread and its messages as `actorId` (who needs Manage Threads); THREAD_DELETE. */
  deleteThread(input: { threadId: string; actorId: string }): void;
  /** Sends every session of `guildId` a THREAD_LIST_SYNC of the active threads it can see. */
  syncThreads(guildId: string): void;
}

/** The thread actions over one playground's action context. */
export function threadApi(ctx: ActionContext): PlaygroundThreads {
  return {
    startThread({ parentId, actorId, content, ...input }) {
      const forum = ctx.store.channel(parentId)?.type === ChannelKind.Forum;
      if (forum && content === undefined) throw new TypeError('startThread: a forum post needs content');
      const thread = startThread(ctx, actorId, parentId, input);
      if (forum) createMessage(ctx, actorId, thread.id, { id: thread.id, content: content ?? '' });
      return eventThread(thread);
    },
    updateThread({ threadId, actorId, ...patch }) {
      return eventThread(updateThread(ctx, actorId, threadId, patch));
    },
    deleteThread({ threadId, actorId }) {
      deleteThread(ctx, actorId, threadId);
    },
    syncThreads: (guildId) => syncThreads(ctx, guildId),
  };
}
