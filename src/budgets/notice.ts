import type { BudgetNotice, SpentBudget } from '../../actors/agent-thread/spend-gate.ts';
import type { BudgetNoticeStore, NoticeKey } from '../db/budget-notice-store.ts';
import type { DiscordActions } from '../discord/port.ts';
import type { ChatMessage } from '../domain/message.ts';
import type { Logger } from '../logger.ts';
import { messageNonce } from '../tools/nonce.ts';
import { discordTime } from './report.ts';
import { DAY_MS, HOUR_MS } from './windows.ts';

const tokens = (count: number) => count.toLocaleString('en-US');

/** The words of a notice, by scope: polite, what happened, when it refills, what still works. */
function guildText(budget: SpentBudget): string {
  return (
    `Sorry, I've used up this server's AI budget for today (${tokens(budget.limit)} tokens), so I'm ` +
    `pausing until it refills at ${discordTime(budget.refillsAt)}. Messages sent until then won't be ` +
    'answered. A server admin can raise the limit.'
  );
}

function memberText(memberId: string, budget: SpentBudget): string {
  return (
    `Sorry <@${memberId}>, you've used up your hourly share of my AI budget here ` +
    `(${tokens(budget.limit)} tokens), so I'm pausing for you until it refills at ` +
    `${discordTime(budget.refillsAt)}. Your messages sent until then won't be answered. Everyone else ` +
    'can still talk to me.'
  );
}

/**
 * The `announce` half of the spend gate (actors/agent-thread/spend-gate.ts): tells a channel that a
 * budget is spent, once per scope and window (issue 11 §6). Ery speaks when spoken to: the server's
 * notice answers the newest message of the batch that addressed Ery, a member's notice answers
 * that member's newest such message; a batch nobody addressed Ery in stays quiet, and the notice
 * waits for someone who asks. "Already said" lives in SQLite (`budget_notices`), claimed before
 * sending so concurrent threads of one server say it once; the nonce makes Discord return the first
 * message if a crash came between sending and recording. A notice that cannot be sent is released
 * for a later batch and logged; it never fails the thread.
 */
export function budgetAnnouncer(options: {
  actions: DiscordActions;
  notices: BudgetNoticeStore;
  now: () => number;
  logger: Logger;
}): (notice: BudgetNotice) => Promise<void> {
  const { actions, notices, logger } = options;
  const say = async (notice: BudgetNotice, key: NoticeKey, to: ChatMessage, content: string) => {
    const claim = notices.claim(key, {
      threadId: notice.threadId,
      channelId: notice.channelId,
      at: options.now(),
    });
    if (claim === 'taken') return;
    try {
      const sent = await actions.sendMessage({
        channelId: notice.channelId,
        replyToId: to.id,
        content,
        nonce: messageNonce(`budget:${key.scope}:${key.guildId}:${key.memberId}`, key.windowStart, 'notice'),
        allowedMentions: { parse: [] },
      });
      notices.markSent(key, sent.id);
      logger.info(
        { event: 'budget.notice_sent', ...key, threadId: notice.threadId, messageId: sent.id },
        'told the channel a budget is spent',
      );
    } catch (error) {
      notices.release(key);
      logger.warn(
        { event: 'budget.notice_failed', ...key, threadId: notice.threadId, err: error },
        'could not say that a budget is spent; a later batch will try again',
      );
    }
  };
  return async (notice) => {
    const asking = notice.messages.filter((message) => message.mentionsBot);
    if (notice.guild) {
      const to = asking.at(-1);
      const key: NoticeKey = {
        scope: 'guild',
        guildId: notice.guildId,
        memberId: '',
        windowStart: notice.guild.refillsAt - DAY_MS,
      };
      if (to) await say(notice, key, to, guildText(notice.guild));
    }
    for (const [memberId, budget] of Object.entries(notice.members)) {
      const to = asking.filter((message) => message.author.id === memberId).at(-1);
      const key: NoticeKey = {
        scope: 'member',
        guildId: notice.guildId,
        memberId,
        windowStart: budget.refillsAt - HOUR_MS,
      };
      if (to) await say(notice, key, to, memberText(memberId, budget));
    }
  };
}
