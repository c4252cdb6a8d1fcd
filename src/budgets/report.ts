import type { LimitSource } from './limits.ts';
import type { BudgetWindow } from './windows.ts';

/** One budget's state: tokens used in its current window, its limit, and when it refills. */
export interface ScopeUsage {
  /** Tokens (prompt + completion) used in the current window. */
  used: number;
  /** Tokens allowed per window; 0 means unlimited. */
  limit: number;
  source: LimitSource;
  /** The current window (`start <= t < end`, ms since the epoch). */
  window: BudgetWindow;
  /** When the window's usage is forgotten, ms since the epoch: `window.end`. */
  refillsAt: number;
  /** True when a limit is set and `used` has reached it: no model call for this scope until `refillsAt`. */
  spent: boolean;
}

/**
 * A server's spend caps at one instant: the server's daily budget and, when asked, one member's
 * hourly budget (issue 11 §6, `/ery budget` and `GET /api/budgets/guilds/{guildId}`).
 */
export interface BudgetReport {
  guildId: string;
  /** The instant the report is for, ms since the epoch. */
  at: number;
  guild: ScopeUsage;
  member: (ScopeUsage & { memberId: string }) | null;
}

/** A time as UTC text, e.g. `2026-12-07 00:00 UTC` (minutes: windows start on whole hours). */
export function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A time as Discord timestamp markup, e.g. `<t:1796601600:t> (<t:1796601600:R>)`: each reader sees
 * it in their own time zone, and how long until it
 * (https://discord.com/developers/docs/reference#message-formatting-timestamp-styles).
 */
export function discordTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `<t:${seconds}:t> (<t:${seconds}:R>)`;
}

const tokens = (count: number) => count.toLocaleString('en-US');

/**
 * A report as plain text lines, one per scope: usage, limit and refill time. Shared by `/ery budget`
 * (pass `time: discordTime` and a member label such as `<@id>`) and the ops API (UTC text).
 *
 * `Server, today (UTC): 1,200 of 100,000 tokens used, 98,800 left; refills 2026-12-07 00:00 UTC`
 */
export function formatBudgetReport(
  report: BudgetReport,
  options: { time?: (ms: number) => string; memberLabel?: string } = {},
): string[] {
  const time = options.time ?? utcText;
  const line = (label: string, usage: ScopeUsage) => {
    if (usage.limit === 0) return `${label}: ${tokens(usage.used)} tokens used, no limit`;
    const state = usage.spent
      ? `spent (${tokens(usage.used)} of ${tokens(usage.limit)} tokens)`
      : `${tokens(usage.used)} of ${tokens(usage.limit)} tokens used, ${tokens(usage.limit - usage.used)} left`;
    return `${label}: ${state}; refills ${time(usage.refillsAt)}`;
  };
  const lines = [line('Server, today (UTC)', report.guild)];
  if (report.member) {
    const who = options.memberLabel ?? `Member ${report.member.memberId}`;
    lines.push(line(`${who}, this hour`, report.member));
  }
  return lines;
}
