import type { BudgetVerdict, ModelCharge, SpentBudget } from '../../actors/agent-thread/spend-gate.ts';
import type { BudgetAdmin } from '../app/budget-admin.ts';
import type { BudgetLimitStore } from '../db/budget-limit-store.ts';
import type { TokenUsageStore } from '../db/token-usage-store.ts';
import { type BudgetLimits, BudgetLimitsPatch, type ResolvedLimits, resolveLimits } from './limits.ts';
import type { BudgetReport, ScopeUsage } from './report.ts';
import { splitTokens } from './shares.ts';
import { type BudgetWindow, utcDayWindow, utcHourWindow } from './windows.ts';

/**
 * Ery's spend caps (issue 11 §6): token budgets per server per UTC day and per member per UTC hour
 * (./windows.ts), counted from the usage recorded in SQLite, limits from the env defaults and each
 * server's override. It answers the agent thread before each model call (`check`), records each call
 * (`charge`), and serves admins (`BudgetAdmin`: limits and reports). A budget is spent once its usage
 * reaches the limit: a call that starts under it finishes, so usage can pass the limit by the calls
 * already running (at most `ERY_MAX_RUNNING_PER_GUILD` threads of a server at once).
 */
export class Budgets implements BudgetAdmin {
  constructor(
    private readonly parts: {
      usage: TokenUsageStore;
      limits: BudgetLimitStore;
      /** `ERY_BUDGET_GUILD_TOKENS_PER_DAY` and `ERY_BUDGET_MEMBER_TOKENS_PER_HOUR`. */
      defaults: BudgetLimits;
      /** Ery's clock, ms since the epoch: windows and recorded usage follow it. */
      now: () => number;
    },
  ) {
    for (const name of ['usage', 'limits', 'defaults', 'now'] as const) {
      if (!parts?.[name]) throw new TypeError(`Budgets: ${name} is required`);
    }
  }

  limitsFor(guildId: string): ResolvedLimits {
    return resolveLimits(this.parts.defaults, this.parts.limits.get(guildId));
  }

  setLimits(guildId: string, patch: unknown): ResolvedLimits {
    const change = BudgetLimitsPatch.parse(patch);
    const next = { ...this.parts.limits.get(guildId), ...change };
    this.parts.limits.put(guildId, next, this.parts.now());
    return this.limitsFor(guildId);
  }

  resetLimits(guildId: string): boolean {
    return this.parts.limits.remove(guildId);
  }

  report(guildId: string, memberId?: string | null, now = this.parts.now()): BudgetReport {
    const { limits, sources } = this.limitsFor(guildId);
    const day = utcDayWindow(now);
    const guild = scope(this.parts.usage.guildUsed(guildId, day), limits.guildTokensPerDay, day);
    const hour = utcHourWindow(now);
    const member = memberId
      ? {
          memberId,
          ...scope(this.parts.usage.memberUsed(guildId, memberId, hour), limits.memberTokensPerHour, hour),
          source: sources.memberTokensPerHour,
        }
      : null;
    return { guildId, at: now, guild: { ...guild, source: sources.guildTokensPerDay }, member };
  }

  /** Which of the server's and these members' budgets are spent now (the `SpendGate` question). */
  check(request: { guildId: string; memberIds: readonly string[] }): BudgetVerdict {
    const now = this.parts.now();
    const { limits } = this.limitsFor(request.guildId);
    const verdict: BudgetVerdict = { guild: null, members: {} };
    if (limits.guildTokensPerDay > 0) {
      const day = utcDayWindow(now);
      verdict.guild = spent(this.parts.usage.guildUsed(request.guildId, day), limits.guildTokensPerDay, day);
    }
    if (limits.memberTokensPerHour > 0) {
      const hour = utcHourWindow(now);
      for (const memberId of new Set(request.memberIds)) {
        const used = this.parts.usage.memberUsed(request.guildId, memberId, hour);
        const over = spent(used, limits.memberTokensPerHour, hour);
        if (over) verdict.members[memberId] = over;
      }
    }
    return verdict;
  }

  /**
   * Records one model call, its tokens shared among the batch's authors (./shares.ts), as made at
   * `at` (ms since the epoch; default now).
   */
  charge(call: ModelCharge, at = this.parts.now()): void {
    const tokens = call.usage.promptTokens + call.usage.completionTokens;
    this.parts.usage.record({
      threadId: call.threadId,
      step: call.step,
      guildId: call.guildId,
      channelId: call.channelId,
      model: call.model,
      promptTokens: call.usage.promptTokens,
      completionTokens: call.usage.completionTokens,
      at,
      shares: splitTokens(tokens, call.authors),
    });
  }
}

function scope(used: number, limit: number, window: BudgetWindow): Omit<ScopeUsage, 'source'> {
  return { used, limit, window, refillsAt: window.end, spent: limit > 0 && used >= limit };
}

function spent(used: number, limit: number, window: BudgetWindow): SpentBudget | null {
  return used >= limit ? { used, limit, refillsAt: window.end } : null;
}
