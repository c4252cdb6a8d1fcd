import type { EryDatabase } from './client.ts';

/** One model call's tokens and how they are shared among members (shares add up to the call's tokens). */
export interface UsageRow {
  threadId: string;
  step: number;
  guildId: string;
  channelId: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** When the reply arrived, ms since the epoch (on Ery's clock). */
  at: number;
  shares: ReadonlyMap<string, number>;
}

/**
 * Recorded token usage (`token_usage`, `member_token_charges`) for spend caps: every model call is
 * written at once, in one transaction with its members' shares, and budgets are sums over a window
 * read back from here, so they survive restarts and count calls of threads cut off by a crash.
 * Statements are prepared once: a check runs before every model call.
 */
export class TokenUsageStore {
  readonly #insertCall;
  readonly #insertShare;
  readonly #guildSum;
  readonly #memberSum;
  readonly #record;
  readonly #write;
  readonly #client;

  constructor(db: EryDatabase) {
    if (!db) throw new TypeError('TokenUsageStore: db is required');
    const client = db.$client;
    // The new row's id is read as its rowid (the column is the rowid's alias): a RETURNING clause
    // cost SQLite an extra step per row.
    this.#insertCall = client.query<never, Record<string, string | number>>(
      `INSERT INTO token_usage (thread_id, step, guild_id, channel_id, model, prompt_tokens, completion_tokens, at)
       VALUES ($threadId, $step, $guildId, $channelId, $model, $promptTokens, $completionTokens, $at)`,
    );
    this.#insertShare = client.query(
      `INSERT INTO member_token_charges (usage_id, guild_id, member_id, tokens, at)
       VALUES ($usageId, $guildId, $memberId, $tokens, $at)`,
    );
    this.#guildSum = client.query<{ used: number }, [string, number, number]>(
      `SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS used FROM token_usage
       WHERE guild_id = ? AND at >= ? AND at < ?`,
    );
    this.#memberSum = client.query<{ used: number }, [string, string, number, number]>(
      `SELECT COALESCE(SUM(tokens), 0) AS used FROM member_token_charges
       WHERE guild_id = ? AND member_id = ? AND at >= ? AND at < ?`,
    );
    this.#client = client;
    this.#write = (row: UsageRow) => {
      const { shares, ...call } = row;
      const usageId = Number(this.#insertCall.run({ ...call }).lastInsertRowid);
      for (const [memberId, tokens] of shares) {
        this.#insertShare.run({ usageId, guildId: row.guildId, memberId, tokens, at: row.at });
      }
    };
    this.#record = client.transaction(this.#write);
  }

  /**
   * Records one model call and its members' shares, in one transaction: its own, or the one under
   * way (the agent's write group commits usage with the steps; a savepoint there would only add
   * two statements per row).
   */
  record(row: UsageRow): void {
    if (this.#client.inTransaction) this.#write(row);
    else this.#record(row);
  }

  /** Tokens the server used in `start <= at < end` (ms). */
  guildUsed(guildId: string, window: { start: number; end: number }): number {
    return this.#guildSum.get(guildId, window.start, window.end)?.used ?? 0;
  }

  /** Tokens charged to one member of the server in `start <= at < end` (ms). */
  memberUsed(guildId: string, memberId: string, window: { start: number; end: number }): number {
    return this.#memberSum.get(guildId, memberId, window.start, window.end)?.used ?? 0;
  }
}
