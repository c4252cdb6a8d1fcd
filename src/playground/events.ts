/**
 * What happened in the playground, as a stream of dotted events: the web chat renders them live and
 * tests wait on them. Every event says who did it (`actorId`), where (`guildId`, `channelId`) and
 * when (`at`, ms since the epoch), and carries the names a chat UI shows.
 */

/** A user as a chat UI shows them. */
export interface EventUser {
  id: string;
  /** Nick, else global name, else username. */
  name: string;
  bot: boolean;
}

/** A message as a chat UI shows it. */
export interface EventMessage {
  id: string;
  channelId: string;
  guildId: string;
  author: EventUser;
  content: string;
  createdAt: number;
  /** When its content was last edited (ms since the epoch), or null when never. */
  editedAt: number | null;
  /** The message this replies to, when it still exists. */
  replyTo: { id: string; author: EventUser; content: string } | null;
  mentions: { users: EventUser[]; roles: Array<{ id: string; name: string }>; everyone: boolean };
  nonce: string | number | null;
}

/** A thread or forum post as a chat UI shows it, under its parent channel. */
export interface EventThread {
  id: string;
  parentId: string;
  name: string;
  /** 11 public, 12 private (a forum post is public). */
  type: number;
  archived: boolean;
  locked: boolean;
}

interface Base {
  /** Increasing number, unique within one playground. */
  seq: number;
  at: number;
  /** Who did it (the bot, a seeded user, or the system for gateway events). */
  actorId: string | null;
  guildId: string | null;
  channelId: string | null;
}

/** A role given or taken. */
interface RoleChange {
  target: EventUser;
  actor: EventUser;
  role: { id: string; name: string };
  reason: string | null;
}

/** Every change the playground reports. Discriminated by `type`. */
export type PlaygroundEvent =
  | (Base & { type: 'message.created'; message: EventMessage })
  /** Its author edited it: `message` as it reads now. */
  | (Base & { type: 'message.updated'; message: EventMessage })
  /**
   * Gone: deleted by its author or a moderator (`actorId`), or with a ban. A bulk delete reports
   * each of its messages, with `bulk` true.
   */
  | (Base & { type: 'message.deleted'; messageId: string; bulk: boolean })
  /** Someone started typing (lasts ~10 s on Discord unless a message follows). */
  | (Base & { type: 'typing.started'; user: EventUser })
  | (Base & {
      type: 'thread.created' | 'thread.updated' | 'thread.deleted';
      thread: EventThread;
      actor: EventUser;
    })
  | (Base & {
      type: 'reaction.added';
      messageId: string;
      emoji: { id: string | null; name: string };
      user: EventUser;
    })
  | (Base & {
      type: 'member.banned';
      target: EventUser;
      actor: EventUser;
      reason: string | null;
      deleteMessageSeconds: number;
    })
  | (Base & { type: 'member.unbanned'; target: EventUser; actor: EventUser; reason: string | null })
  | (Base & { type: 'member.kicked'; target: EventUser; actor: EventUser; reason: string | null })
  /** Someone joined the guild (GUILD_MEMBER_ADD); `actorId` is who joined. */
  | (Base & { type: 'member.joined'; target: EventUser })
  | (Base & {
      type: 'member.updated';
      target: EventUser;
      actor: EventUser;
      reason: string | null;
      /** Only the fields that changed. `timeoutUntil` null means the timeout was lifted. */
      changes: {
        nick?: string | null;
        timeoutUntil?: number | null;
        rolesAdded?: Array<{ id: string; name: string }>;
        rolesRemoved?: Array<{ id: string; name: string }>;
      };
    })
  | (Base & { type: 'role.created' | 'role.updated'; actor: EventUser; role: { id: string; name: string } })
  | (Base & { type: 'role.added' } & RoleChange)
  | (Base & { type: 'role.removed' } & RoleChange)
  /** Someone ran a command (`kind: 'command'`) or typed into an autocompleted option. */
  | (Base & {
      type: 'interaction.created';
      interactionId: string;
      kind: 'command' | 'autocomplete';
      commandName: string;
    })
  /**
   * The bot replied to an interaction (`followup` false: its original reply, also sent again when
   * edited). An ephemeral reply is for the invoker (`actorId`) alone and is no channel message.
   */
  | (Base & {
      type: 'interaction.replied';
      interactionId: string;
      followup: boolean;
      reply: { messageId: string; content: string; ephemeral: boolean };
    })
  /** The bot answered an autocomplete interaction with these choices. */
  | (Base & {
      type: 'interaction.autocompleted';
      interactionId: string;
      choices: Array<{ name: string; value: string | number }>;
    })
  | (Base & { type: 'gateway.identified'; sessionId: string; userId: string })
  | (Base & { type: 'gateway.resumed'; sessionId: string; userId: string })
  | (Base & { type: 'gateway.closed'; sessionId: string | null; code: number })
  | (Base & {
      type: 'http.request';
      method: string;
      path: string;
      status: number;
      /** Set when the playground refused: rate limit or injected fault. */
      refusedBy?: 'rate-limit' | 'fault';
    });

/** The `type` values of {@link PlaygroundEvent}. */
export type PlaygroundEventType = PlaygroundEvent['type'];

/** An event before the log numbers and stamps it. */
export type NewPlaygroundEvent = PlaygroundEvent extends infer E
  ? E extends PlaygroundEvent
    ? Omit<E, 'seq' | 'at'>
    : never
  : never;

/** Raised by {@link EventLog.waitFor} when no event matched in time. */
export class WaitTimeoutError extends Error {
  readonly code = 'PLAYGROUND_WAIT_TIMEOUT';
}

/** Keeps the history and fans events out to listeners. A throwing listener never breaks the server. */
export class EventLog {
  readonly #history: PlaygroundEvent[] = [];
  readonly #listeners = new Set<(event: PlaygroundEvent) => void>();
  #seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly onListenerError: (error: unknown) => void = () => {},
    private readonly maxHistory = 10_000,
  ) {}

  emit(event: NewPlaygroundEvent): PlaygroundEvent {
    const full = { ...event, seq: ++this.#seq, at: this.now() } as PlaygroundEvent;
    this.#history.push(full);
    if (this.#history.length > this.maxHistory) this.#history.shift();
    for (const listener of this.#listeners) {
      try {
        listener(full);
      } catch (error) {
        this.onListenerError(error);
      }
    }
    return full;
  }

  on(listener: (event: PlaygroundEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  history(): PlaygroundEvent[] {
    return [...this.#history];
  }

  /**
   * Resolves with the first event matching `predicate`, looking at history first (so an event that
   * already happened is not missed), then at new ones.
   */
  waitFor(
    predicate: (event: PlaygroundEvent) => boolean,
    timeoutMs = 5000,
    signal?: AbortSignal,
  ): Promise<PlaygroundEvent> {
    const past = this.#history.find(predicate);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        reject(signal?.reason);
      };
      const off = this.on((event) => {
        if (!predicate(event)) return;
        done();
        resolve(event);
      });
      const timer = setTimeout(() => {
        done();
        reject(new WaitTimeoutError(`No matching playground event within ${timeoutMs} ms`));
      }, timeoutMs);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
