import type { DiscordActions } from '../discord/port.ts';
import type { GuildPolicy } from '../domain/guild-policy.ts';
import type { ChatMessage } from '../domain/message.ts';
import type { Logger } from '../logger.ts';

/** The window a channel's busyness is measured over, ms. */
export const BUSY_WINDOW_MS = 60_000;

/** Longest thread name Ery gives (Discord allows 100). */
const NAME_LENGTH = 60;

/** What {@link AutoThreader} needs, injected. */
export interface AutoThreaderDeps {
  policyFor(guildId: string): GuildPolicy;
  actions: Pick<DiscordActions, 'startThread' | 'getChannel'>;
  logger: Logger;
}

/** A thread name from the message's words, mentions left out; the author's name when it has none. */
export function threadName(message: ChatMessage): string {
  const words = message.content
    .replace(/<@[!&]?\d+>|<#\d+>|@everyone|@here/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const name = words.length > 0 ? words : `Conversation with ${message.author.name}`;
  return name.length > NAME_LENGTH ? `${name.slice(0, NAME_LENGTH - 1)}…` : name;
}

/**
 * Auto-thread (issue 12 §4, the guild policy's `autoThread`): counts each channel's messages over
 * the last minute and, when a message mentions Ery in a channel at least `minMessagesPerMinute`
 * busy, starts a thread from that message and hands the message on as the thread's, so the
 * thread's own actor answers there. Threads and forum posts are never threaded again. Anything that
 * fails (no permission, a thread already there) leaves the message in its channel: it is answered
 * there, never lost.
 */
export class AutoThreader {
  readonly #seen = new Map<string, number[]>();

  constructor(private readonly deps: AutoThreaderDeps) {}

  /**
   * Counts `message` and hands it to `deliver` as the actors should receive it: at once and
   * unchanged, or (a mention in a busy channel) once a thread is started for it, moved to that
   * thread. Never throws.
   */
  route(message: ChatMessage, deliver: (message: ChatMessage) => void, signal?: AbortSignal): void {
    const recent = this.#count(message);
    // The policy is read (a SQLite row) only for a mention: every message passes here.
    const mention = message.mentionsBot && message.event === undefined;
    const policy = mention ? this.deps.policyFor(message.guildId).autoThread : null;
    const busyMention = policy?.enabled === true && recent >= policy.minMessagesPerMinute;
    if (!busyMention) {
      deliver(message);
      return;
    }
    void this.#divert(message, recent, signal).then(deliver);
  }

  async #divert(message: ChatMessage, recent: number, signal?: AbortSignal): Promise<ChatMessage> {
    try {
      const channel = await this.deps.actions.getChannel({ channelId: message.channelId }, signal);
      if (channel.type !== 'text' && channel.type !== 'announcement') return message;
      const thread = await this.deps.actions.startThread(
        { channelId: message.channelId, messageId: message.id, name: threadName(message) },
        signal,
      );
      this.deps.logger.info(
        { event: 'auto_thread.started', channelId: message.channelId, threadId: thread.id, recent },
        'busy channel: Ery answers this conversation in a thread',
      );
      return { ...message, channelId: thread.id };
    } catch (error) {
      this.deps.logger.warn(
        { event: 'auto_thread.failed', channelId: message.channelId, messageId: message.id, err: error },
        'could not start a thread; Ery answers in the channel',
      );
      return message;
    }
  }

  /** Adds `message` to its channel's last minute; returns how many messages that minute holds. */
  #count(message: ChatMessage): number {
    const since = message.createdAt - BUSY_WINDOW_MS;
    const kept = this.#seen.get(message.channelId) ?? [];
    this.#seen.set(message.channelId, kept);
    // Times arrive (nearly) in order: drop the old ones from the front, not a copy per message.
    while (kept.length > 0 && (kept[0] as number) <= since) kept.shift();
    kept.push(message.createdAt);
    return kept.length;
  }
}
