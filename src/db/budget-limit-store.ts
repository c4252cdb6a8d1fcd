import { eq } from 'drizzle-orm';
import type { BudgetOverride } from '../budgets/limits.ts';
import type { EryDatabase } from './client.ts';
import { budgetLimits } from './schema.ts';

/**
 * Each server's own token budgets (`budget_limits`). Read on every check (one primary-key lookup),
 * so a change made through the ops API or `/ery config` applies to the next model call.
 */
export class BudgetLimitStore {
  readonly #select;

  constructor(private readonly db: EryDatabase) {
    if (!db) throw new TypeError('BudgetLimitStore: db is required');
    this.#select = db.$client.query<
      { guildTokensPerDay: number | null; memberTokensPerHour: number | null },
      [string]
    >(
      `SELECT guild_tokens_per_day AS guildTokensPerDay, member_tokens_per_hour AS memberTokensPerHour
       FROM budget_limits WHERE guild_id = ?`,
    );
  }

  /** The server's override, or undefined when it has none. */
  get(guildId: string): BudgetOverride | undefined {
    return this.#select.get(guildId) ?? undefined;
  }

  /** Stores the server's whole override; one with no field set is deleted instead. */
  put(guildId: string, override: BudgetOverride, now: number): void {
    const values = {
      guildTokensPerDay: override.guildTokensPerDay ?? null,
      memberTokensPerHour: override.memberTokensPerHour ?? null,
    };
    if (values.guildTokensPerDay === null && values.memberTokensPerHour === null) {
      this.remove(guildId);
      return;
    }
    this.db
      .insert(budgetLimits)
      .values({ guildId, ...values, updatedAt: now })
      .onConflictDoUpdate({ target: budgetLimits.guildId, set: { ...values, updatedAt: now } })
      .run();
  }

  /** Deletes the server's override. Returns whether it had one. */
  remove(guildId: string): boolean {
    return this.db.delete(budgetLimits).where(eq(budgetLimits.guildId, guildId)).returning().all().length > 0;
  }
}
