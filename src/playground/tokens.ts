/**
 * Who a token belongs to. The bot's token is the one Ery logs in with; every other user gets a
 * derived token too, so tests (and the web chat) can call the API as Alice or Max and meet the
 * same permission checks a real member would.
 */

/** Maps tokens to user ids. */
export class TokenRegistry {
  constructor(
    readonly botToken: string,
    readonly botUserId: string,
    private readonly userExists: (id: string) => boolean,
  ) {}

  /** The token that acts as `userId` (Discord's shape: base64 of the id first). */
  tokenFor(userId: string): string {
    if (userId === this.botUserId) return this.botToken;
    return `${btoa(userId)}.playground.user-token`;
  }

  /** The user a raw token (no `Bot ` prefix) belongs to, if any. */
  resolve(token: string): string | undefined {
    if (token === this.botToken) return this.botUserId;
    const match = /^([A-Za-z0-9+/=]+)\.playground\.user-token$/.exec(token);
    if (!match?.[1]) return undefined;
    let userId: string;
    try {
      userId = atob(match[1]);
    } catch {
      return undefined;
    }
    return this.userExists(userId) ? userId : undefined;
  }

  /**
   * The user an `Authorization` header belongs to. Bot tokens need the `Bot ` prefix, as on Discord;
   * user tokens are accepted with or without it.
   */
  fromHeader(header: string | null): string | undefined {
    if (!header) return undefined;
    const bot = /^Bot\s+(.+)$/i.exec(header);
    if (bot?.[1]) return this.resolve(bot[1]);
    const userId = this.resolve(header);
    return userId !== this.botUserId ? userId : undefined;
  }
}
