import { z } from 'zod';

/**
 * A server's token budgets. `0` means unlimited (the default): spend caps are opt-in, because a
 * wrong guess would silence Ery in a busy server.
 */
export interface BudgetLimits {
  /** Tokens (prompt + completion) the whole server may use per UTC day (see ./windows.ts). */
  guildTokensPerDay: number;
  /** Tokens one member's messages may cause per UTC clock hour (see ./windows.ts). */
  memberTokensPerHour: number;
}

export const BUDGET_FIELDS = ['guildTokensPerDay', 'memberTokensPerHour'] as const;

/** Where a resolved limit comes from: the server's own override, or the env default. */
export type LimitSource = 'server' | 'default';

/** A server's limits with where each comes from (for reports and the ops API). */
export interface ResolvedLimits {
  limits: BudgetLimits;
  sources: Record<keyof BudgetLimits, LimitSource>;
}

const says = { error: 'must be a whole number of tokens, 0 or more (0 = unlimited)' };
/** One limit as the ops API and `/ery config` take it: tokens, a whole number, 0 = unlimited. */
export const TokenLimit = z.number(says).int(says).min(0, says).max(Number.MAX_SAFE_INTEGER, says);

/**
 * A change to a server's limits: a number sets one, `null` removes the override (back to the env
 * default), an absent field is kept. Unknown fields are refused, so a typo is not silently ignored.
 */
export const BudgetLimitsPatch = z.strictObject({
  guildTokensPerDay: TokenLimit.nullable().optional(),
  memberTokensPerHour: TokenLimit.nullable().optional(),
});
export type BudgetLimitsPatch = z.infer<typeof BudgetLimitsPatch>;

/** A server's stored overrides: a field that is null or absent takes the default. */
export type BudgetOverride = { [K in keyof BudgetLimits]?: number | null };

/** The limits a server resolves to: its override where set, else the default. */
export function resolveLimits(defaults: BudgetLimits, override: BudgetOverride | undefined): ResolvedLimits {
  const limits = { ...defaults };
  const sources: ResolvedLimits['sources'] = { guildTokensPerDay: 'default', memberTokensPerHour: 'default' };
  for (const field of BUDGET_FIELDS) {
    const value = override?.[field];
    if (typeof value === 'number') {
      limits[field] = value;
      sources[field] = 'server';
    }
  }
  return { limits, sources };
}
