import { utcHourWindow } from '../../budgets/windows.ts';
import type { BudgetAdmin } from '../budget-admin.ts';
import type { BudgetReport } from './budget-report.ts';

/**
 * `/ery budget` over the spend caps (issue 11 §6): usage as the caps count it (per model call,
 * shared among the members asking), with the server's and the member's limits when set.
 */
export function budgetFromCaps(admin: BudgetAdmin): BudgetReport {
  return {
    usage({ guildId, userId, now }) {
      const report = admin.report(guildId, userId, now);
      const serverPerDay = report.guild.limit > 0 ? report.guild.limit : undefined;
      const memberPerHour = report.member && report.member.limit > 0 ? report.member.limit : undefined;
      return {
        server: { tokens: report.guild.used, since: report.guild.window.start },
        member: {
          tokens: report.member?.used ?? 0,
          since: (report.member?.window ?? utcHourWindow(now)).start,
        },
        ...(serverPerDay || memberPerHour
          ? {
              caps: {
                ...(serverPerDay ? { serverPerDay } : {}),
                ...(memberPerHour ? { memberPerHour } : {}),
              },
            }
          : {}),
      };
    },
  };
}
