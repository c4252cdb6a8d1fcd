/** The server's spend caps (issue 11 §6): tokens per UTC day for the server, per UTC hour per member. */
import { z } from 'zod';
import type { BudgetLimits } from '../../../budgets/limits.ts';
import type { BudgetAdmin } from '../../budget-admin.ts';
import { type SettingContext, type SettingDef, SettingValueError } from './setting.ts';

function admin(ctx: SettingContext): BudgetAdmin {
  if (!ctx.stores.budgets) throw new SettingValueError('spend caps are not available in this Ery.');
  return ctx.stores.budgets;
}

/** A limit setting: a whole number of tokens, 0 (or "off") for none; reset goes back to the env default. */
function limit(name: string, field: keyof BudgetLimits, summary: string): SettingDef {
  return {
    name,
    summary,
    get(ctx) {
      const { limits, sources } = admin(ctx).limitsFor(ctx.guildId);
      const value = limits[field];
      const amount = value === 0 ? 'unlimited' : `${value.toLocaleString('en-US')} tokens`;
      return `${amount} (${sources[field] === 'server' ? 'set for this server' : 'the default'})`;
    },
    set(ctx, raw) {
      const text = raw.trim().toLowerCase();
      // Decimal digits, commas only between groups of three: `Number` alone would take '' (0, no
      // limit), '0x10' or '1e9'.
      if (text !== 'off' && text !== 'unlimited' && !/^(\d{1,3}(,\d{3})+|\d+)$/.test(text))
        throw new SettingValueError(
          `${name}: a whole number of tokens (like 50,000), 0 or "off" for no limit.`,
        );
      const value = text === 'off' || text === 'unlimited' ? 0 : Number(text.replaceAll(',', ''));
      try {
        admin(ctx).setLimits(ctx.guildId, { [field]: value });
      } catch (error) {
        if (error instanceof z.ZodError)
          throw new SettingValueError(`${name}: a whole number of tokens, 0 or "off" for no limit.`);
        throw error;
      }
    },
    reset: (ctx) => void admin(ctx).setLimits(ctx.guildId, { [field]: null }),
    suggest: () => [
      { name: 'off (no limit)', value: 'off' },
      { name: '100,000 tokens', value: '100000' },
      { name: '1,000,000 tokens', value: '1000000' },
    ],
  };
}

/** budget_server_day, budget_member_hour. */
export const BUDGET_SETTINGS: SettingDef[] = [
  limit(
    'budget_server_day',
    'guildTokensPerDay',
    'tokens the server may use per UTC day (0 or off: no limit)',
  ),
  limit(
    'budget_member_hour',
    'memberTokensPerHour',
    'tokens each member may use per UTC hour (0 or off: no limit)',
  ),
];
