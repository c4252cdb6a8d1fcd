import type { BotIdentityStore } from '../db/bot-identity-store.ts';
import { Snowflake } from '../domain/message.ts';
import type { Logger } from '../logger.ts';

/** What {@link BotIdentity} reads of the Discord connection. */
export interface IdentitySource {
  /** True once logged in; then `botUserId` is READY's. */
  readonly ready: boolean;
  readonly botUserId: string;
  whenReady(signal?: AbortSignal): Promise<void>;
}

/**
 * Ery's own user id for agent threads. Once Discord is ready it is READY's; before that (busy
 * threads resume at start, before the gateway is ready: issue 10) it is the id this token logged
 * in as last time, remembered in SQLite; with none remembered (a database from before, a new
 * token) it is waited for. Each login remembers it for the next start.
 */
export class BotIdentity {
  /** Read from the store once, on first use; null when there is none. */
  #remembered: string | null | undefined;

  constructor(
    private readonly parts: {
      store: BotIdentityStore;
      /** The bot token logged in with (`DISCORD_TOKEN`); only its hash is stored. */
      token: string;
      discord: IdentitySource;
      now: () => number;
      logger: Logger;
    },
  ) {}

  /** The id, now if known, else once Discord is ready; rejects only with `signal`'s reason. */
  id(signal: AbortSignal): string | Promise<string> {
    const { discord } = this.parts;
    if (discord.ready) return discord.botUserId;
    this.#remembered ??= this.#recall();
    if (this.#remembered !== null) return this.#remembered;
    return discord.whenReady(signal).then(() => discord.botUserId);
  }

  /** The stored id; null when there is none or it cannot be read (then threads wait for READY). */
  #recall(): string | null {
    try {
      const id = this.parts.store.recall(this.parts.token);
      if (id === null || Snowflake.safeParse(id).success) return id;
      this.parts.logger.warn(
        { event: 'discord.identity.unreadable', stored: id },
        'Ery’s remembered user id is not a Discord id (a damaged row); resumed threads wait for Discord before asking the model',
      );
      return null;
    } catch (error) {
      this.parts.logger.warn(
        { event: 'discord.identity.unreadable', err: error },
        'could not read Ery’s remembered user id; resumed threads wait for Discord before asking the model',
      );
      return null;
    }
  }

  /**
   * The id Discord's REST API gave for the token before login (`GET /users/@me`): taken over any
   * remembered one, so threads resumed before READY know it even for a token never seen before.
   */
  confirm(userId: string): void {
    this.#remembered = userId;
  }

  /** Call once logged in: remembers READY's id for the next start. */
  remember(): void {
    const { discord, store, token, logger } = this.parts;
    const userId = discord.botUserId;
    if (this.#remembered && this.#remembered !== userId) {
      // A damaged or hand-edited row (or a hash collision): said, since threads resumed before
      // READY marked the other user's messages as Ery's own.
      logger.warn(
        { event: 'discord.identity.changed', remembered: this.#remembered, userId },
        'this token logged in as another user than the stored row says (a damaged or edited row); the row is corrected',
      );
    }
    this.#remembered = userId;
    try {
      store.remember(token, userId, this.parts.now());
    } catch (error) {
      // Only the next start's head start is lost: its threads wait for READY instead.
      logger.warn(
        { event: 'discord.identity.unsaved', err: error },
        'could not remember Ery’s user id; the next start waits for Discord before resuming threads’ model calls',
      );
    }
  }
}
