import type { BudgetAdmin } from '../budget-admin.ts';
import type { BudgetReader } from './budget-report.ts';

/**
 * `/ery budget` over the spend caps (issue 11 §6): usage as the caps count it (per model call,
 * shared among the members asking), with the server's and the member's limits and refill times.
 */
export function budgetFromCaps(admin: BudgetAdmin): BudgetReader {
  return { usage: ({ guildId, userId, now }) => admin.report(guildId, userId, now) };
}
