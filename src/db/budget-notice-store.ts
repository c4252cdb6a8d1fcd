import type { EryDatabase } from './client.ts';

/** The scope and window a notice is about: the server (`memberId` '') or one member, per window start. */
export interface NoticeKey {
  scope: 'guild' | 'member';
  guildId: string;
  /** '' for the server's scope. */
  memberId: string;
  /** Start of the budget window, ms since the epoch. */
  windowStart: number;
}

/**
 * What a claim found: `claimed` (this thread may send the notice), `unsent` (this same thread
 * claimed it before, in a run cut off before it was sent: send it again, with the same nonce), or
 * `taken` (said already, or being said by another thread).
 */
export type ClaimResult = 'claimed' | 'unsent' | 'taken';

/**
 * "Already said" for spend-cap notices (`budget_notices`), so Ery says a budget is spent once per
 * scope and window, across restarts. A thread claims the notice before it sends it (one insert:
 * two threads of the same server racing each other cannot both win), marks it sent with the
 * message id, or releases it when sending failed so a later batch may try again.
 */
export class BudgetNoticeStore {
  readonly #claim;
  readonly #owner;
  readonly #sent;
  readonly #release;

  constructor(db: EryDatabase) {
    if (!db) throw new TypeError('BudgetNoticeStore: db is required');
    const client = db.$client;
    this.#claim = client.query(
      `INSERT INTO budget_notices (scope, guild_id, member_id, window_start, thread_id, channel_id, at)
       VALUES ($scope, $guildId, $memberId, $windowStart, $threadId, $channelId, $at) ON CONFLICT DO NOTHING`,
    );
    this.#owner = client.query<
      { threadId: string; messageId: string | null },
      Record<string, string | number>
    >(
      `SELECT thread_id AS threadId, message_id AS messageId FROM budget_notices
       WHERE scope = $scope AND guild_id = $guildId AND member_id = $memberId AND window_start = $windowStart`,
    );
    this.#sent = client.query(
      `UPDATE budget_notices SET message_id = $messageId
       WHERE scope = $scope AND guild_id = $guildId AND member_id = $memberId AND window_start = $windowStart`,
    );
    this.#release = client.query(
      `DELETE FROM budget_notices
       WHERE scope = $scope AND guild_id = $guildId AND member_id = $memberId AND window_start = $windowStart
       AND message_id IS NULL`,
    );
  }

  /** Claims the notice of `key` for `threadId`; see {@link ClaimResult}. */
  claim(key: NoticeKey, by: { threadId: string; channelId: string; at: number }): ClaimResult {
    if (this.#claim.run({ ...key, ...by }).changes > 0) return 'claimed';
    const owner = this.#owner.get({ ...key });
    return owner?.threadId === by.threadId && owner.messageId === null ? 'unsent' : 'taken';
  }

  /** Records the notice as posted. */
  markSent(key: NoticeKey, messageId: string): void {
    this.#sent.run({ ...key, messageId });
  }

  /** Gives up a claim whose notice could not be sent, so a later thread may say it. */
  release(key: NoticeKey): void {
    this.#release.run({ ...key });
  }
}
