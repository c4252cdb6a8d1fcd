/**
 * The `BudgetReader` port: what `/ery budget` shows. Owned by the slash code; implemented over the
 * spend caps (issue 11 §6) by ./budget-from-caps.ts.
 */
import { type BudgetReport, discordTime, formatBudgetReport } from '../../budgets/report.ts';

/** Reads the spend caps' state for `/ery budget`: the server's day and the invoker's hour. */
export interface BudgetReader {
  /** `now` in ms since the epoch; the report's `member` is the invoker. */
  usage(query: { guildId: string; userId: string; now: number }): BudgetReport;
}

/**
 * The report in words, the lines the ops API gives (`formatBudgetReport`) with times as Discord
 * timestamps, so each reader sees the refill in their own time zone:
 *
 * `You, this hour: 345 of 2,000 tokens used, 1,655 left; refills <t:…:t> (<t:…:R>)`
 */
export function describeBudget(report: BudgetReport): string {
  return ['**Token usage**', ...formatBudgetReport(report, { time: discordTime, memberLabel: 'You' })].join(
    '\n',
  );
}
