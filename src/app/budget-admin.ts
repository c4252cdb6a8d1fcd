import type { BudgetLimitsPatch, ResolvedLimits } from '../budgets/limits.ts';
import type { BudgetReport } from '../budgets/report.ts';

/**
 * Spend caps as server admins see them (issue 11 §6), owned by the code that shows and changes
 * them: the ops API (./ops-budgets.ts) and the `/ery config` and `/ery budget` slash commands.
 * src/budgets/budgets.ts implements it over SQLite; reports format as text with
 * `formatBudgetReport` (src/budgets/report.ts).
 */
export interface BudgetAdmin {
  /** The server's limits (tokens; 0 = unlimited), each with where it comes from (server or env default). */
  limitsFor(guildId: string): ResolvedLimits;
  /**
   * Changes the server's limits: a number sets one (a whole number of tokens, 0 = unlimited), `null`
   * goes back to the env default, an absent field is kept. Applies from the next model call.
   * Returns the limits now in force.
   *
   * @throws {z.ZodError} naming the bad field when `patch` is not a {@link BudgetLimitsPatch}; nothing changes then.
   */
  setLimits(guildId: string, patch: BudgetLimitsPatch | unknown): ResolvedLimits;
  /** Removes the server's own limits (back to the env defaults). Returns whether it had any. */
  resetLimits(guildId: string): boolean;
  /**
   * Usage, limits and refill times of the server's daily budget and, when `memberId` is given, of
   * that member's hourly budget, at `now` (ms since the epoch; default Ery's clock).
   */
  report(guildId: string, memberId?: string | null, now?: number): BudgetReport;
}
