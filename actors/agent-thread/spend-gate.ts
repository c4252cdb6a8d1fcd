import type { ChatMessage } from '../../src/domain/message.ts';
import type { ChatUsage } from '../../src/llm/chat-model.ts';

/** A budget that is spent: what was used of what limit (tokens), and when it refills (ms since the epoch). */
export interface SpentBudget {
  used: number;
  limit: number;
  refillsAt: number;
}

/** What the gate says before a model call: the spent budgets among those asked about. */
export interface BudgetVerdict {
  /** Set when the server's daily budget is spent. */
  guild: SpentBudget | null;
  /** The members asked about whose hourly budget is spent, by member id. */
  members: Record<string, SpentBudget>;
}

/** One model call's tokens, to be charged to its server and to the members who caused it. */
export interface ModelCharge {
  threadId: string;
  step: number;
  guildId: string;
  channelId: string;
  model: string;
  usage: ChatUsage;
  /** Message counts of the human authors of the batch the thread was given (src/budgets/shares.ts). */
  authors: ReadonlyMap<string, number>;
}

/** What a thread tells the gate when a budget stopped it or left some members' messages out. */
export interface BudgetNotice {
  threadId: string;
  guildId: string;
  channelId: string;
  /** The batch as the thread received it, before any message was left out (to reply to). */
  messages: ChatMessage[];
  guild: SpentBudget | null;
  /** The members whose messages were left out (or who stopped the thread), by member id. */
  members: Record<string, SpentBudget>;
}

/**
 * The spend-cap port of the agent thread (issue 11 §6), owned by the thread: it asks before each
 * model call, charges after each call really made, and hands over what to tell people.
 * src/budgets implements it over SQLite. Errors thrown by `check` and `charge` are logged by the
 * thread, which then goes on (a broken meter must not silence Ery); `announce` never throws.
 */
export interface SpendGate {
  /** Which of the server's and these members' budgets are spent now. */
  check(request: { guildId: string; memberIds: readonly string[] }): BudgetVerdict | Promise<BudgetVerdict>;
  /** Records one model call's usage. */
  charge(call: ModelCharge): void | Promise<void>;
  /**
   * Tells the channel that a budget is spent, at most once per scope and window across restarts
   * (the implementation decides whom and whether; a thread that runs again calls it again).
   */
  announce(notice: BudgetNotice): Promise<void>;
}
