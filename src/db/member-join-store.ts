import type { EryDatabase } from './client.ts';

/** A join as the store keys it: the same in a replayed GUILD_MEMBER_ADD. */
export interface JoinKey {
  guildId: string;
  userId: string;
  /** The payload's `joined_at`, ms since the epoch. */
  joinedAt: number;
}

/**
 * "Already seen" for member joins (`member_joins`): a join is claimed with one insert before it is
 * welcomed or counted toward a raid, so a GUILD_MEMBER_ADD replayed after a resume or a restart is
 * dropped (issue 12 §1). A crash after the claim and before the welcome loses that welcome: never
 * welcoming twice is the rule kept.
 */
export class MemberJoinStore {
  readonly #claim;

  constructor(db: EryDatabase) {
    if (!db) throw new TypeError('MemberJoinStore: db is required');
    this.#claim = db.$client.query(
      `INSERT INTO member_joins (guild_id, user_id, joined_at, seen_at)
       VALUES ($guildId, $userId, $joinedAt, $seenAt) ON CONFLICT DO NOTHING`,
    );
  }

  /** True when this join is new (and is now claimed); false when it was seen before. `seenAt` in ms. */
  claim(key: JoinKey, seenAt: number): boolean {
    return this.#claim.run({ ...key, seenAt }).changes > 0;
  }
}
