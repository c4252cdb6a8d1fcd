import { createHash } from 'node:crypto';
import type { EryDatabase } from './client.ts';

/** The key a token's row is stored under: its SHA-256 in hex (the token itself is never stored). */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Ery's own user id per bot token (`bot_identities`), as Discord's READY gave it: remembered at
 * every login so that the next start knows it before the gateway is ready. A database written
 * before this table existed, or a token never logged in with, has no row: `recall` is null then.
 */
export class BotIdentityStore {
  readonly #recall;
  readonly #remember;

  constructor(db: EryDatabase) {
    if (!db) throw new TypeError('BotIdentityStore: db is required');
    this.#recall = db.$client.query<{ userId: string }, { tokenHash: string }>(
      'SELECT user_id AS userId FROM bot_identities WHERE token_hash = $tokenHash',
    );
    this.#remember = db.$client.query(
      `INSERT INTO bot_identities (token_hash, user_id, seen_at) VALUES ($tokenHash, $userId, $seenAt)
       ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, seen_at = excluded.seen_at`,
    );
  }

  /** The user id `token` logged in as last time, or null when it never did here. */
  recall(token: string): string | null {
    return this.#recall.get({ tokenHash: tokenHash(token) })?.userId ?? null;
  }

  /** Remembers that `token` is user `userId` (seen at `seenAt`, ms since the epoch). */
  remember(token: string, userId: string, seenAt: number): void {
    this.#remember.run({ tokenHash: tokenHash(token), userId, seenAt });
  }
}
