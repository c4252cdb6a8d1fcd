/**
 * The `BudgetReport` port: what `/ery budget` shows. Owned by the slash code; implemented over the
 * spend caps (issue 11 §6) by ./budget-from-caps.ts.
 */

/** Tokens counted over one window. */
export interface TokenWindow {
  /** Prompt + completion tokens of the model calls counted. */
  tokens: number;
  /** Start of the window, ms since the epoch. */
  since: number;
}

/** What `/ery budget` reports for one invoker. */
export interface BudgetUsage {
  /** The server since 00:00 UTC today. */
  server: TokenWindow;
  /** The invoker since the start of this hour (UTC). */
  member: TokenWindow;
  /** Limits, when an implementation knows them (tokens); absent: none are set. */
  caps?: { serverPerDay?: number; memberPerHour?: number };
}

/** Reads token usage for `/ery budget`. */
export interface BudgetReport {
  usage(query: { guildId: string; userId: string; now: number }): BudgetUsage;
}

/** The report in words. */
export function describeBudget(usage: BudgetUsage): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const of = (cap: number | undefined) => (cap === undefined ? '' : ` of ${n(cap)}`);
  return [
    `**Token usage**`,
    `This server today (since ${hhmm(usage.server.since)} UTC): ${n(usage.server.tokens)}${of(usage.caps?.serverPerDay)} tokens`,
    `You this hour (since ${hhmm(usage.member.since)} UTC): ${n(usage.member.tokens)}${of(usage.caps?.memberPerHour)} tokens`,
    ...(usage.caps ? [] : ['No budget caps are set.']),
  ].join('\n');
}
