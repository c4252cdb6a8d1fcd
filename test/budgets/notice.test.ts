import { describe, expect, test } from 'bun:test';
import type { BudgetNotice } from '../../actors/agent-thread/spend-gate.ts';
import { budgetAnnouncer } from '../../src/budgets/notice.ts';
import { BudgetNoticeStore } from '../../src/db/budget-notice-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { DiscordActionError } from '../../src/discord/errors.ts';
import { historyOfChat } from '../../src/discord/history-feed.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakeDiscordActions } from '../support/fake-discord-actions.ts';
import { batchMessage, IDS, WORLD } from '../tools/fixtures/world.ts';

const DAY_END = Date.parse('2026-03-02T00:00:00Z');
const HOUR_END = Date.parse('2026-03-01T11:00:00Z');
const asks = batchMessage('900001', IDS.member, `<@${IDS.bot}> hello?`, { mentionsBot: true });
const chat = batchMessage('900002', IDS.mod, 'just chatting');

/** The announcer over a fake Discord (Ery's own port) and a real notice table. */
function announcer(db = openDatabase(':memory:')) {
  const actions = new FakeDiscordActions({ ...WORLD, messages: [asks, chat].map(historyOfChat) });
  const announce = budgetAnnouncer({
    actions,
    notices: new BudgetNoticeStore(db),
    now: () => 0,
    logger: silentLogger,
  });
  const sends = () => actions.calls.filter((call) => call.method === 'sendMessage').map((call) => call.input);
  return { actions, announce, sends, db };
}

const notice = (over: Partial<BudgetNotice> = {}): BudgetNotice => ({
  threadId: 'th-1',
  guildId: IDS.guild,
  channelId: IDS.general,
  messages: [asks, chat],
  guild: { used: 1200, limit: 1000, refillsAt: DAY_END },
  members: {},
  ...over,
});

describe('budget notices', () => {
  test('GIVEN a spent server THEN the one who asked gets one polite reply naming the refill, without pings; once a day', async () => {
    const { announce, sends } = announcer();
    await announce(notice());
    await announce(notice({ threadId: 'th-2' }));
    expect(sends()).toHaveLength(1);
    expect(sends()[0]).toMatchObject({ replyToId: asks.id, allowedMentions: { parse: [] } });
    expect(String(sends()[0]?.content)).toStartWith(
      "Sorry, I've used up this server's AI budget for today (1,000 tokens)",
    );
    expect(String(sends()[0]?.content)).toContain(`<t:${DAY_END / 1000}:t>`);
    // The next day is another window.
    await announce(
      notice({ threadId: 'th-3', guild: { used: 1000, limit: 1000, refillsAt: DAY_END + 86_400_000 } }),
    );
    expect(sends()).toHaveLength(2);
  });

  test('GIVEN a batch nobody addressed Ery in THEN nothing is said, and the notice waits for someone who asks', async () => {
    const { announce, sends } = announcer();
    await announce(notice({ messages: [chat] }));
    expect(sends()).toHaveLength(0);
    await announce(notice({ threadId: 'th-2' }));
    expect(sends()).toHaveLength(1);
  });

  test('GIVEN a spent member THEN only that member is told, once an hour', async () => {
    const { announce, sends } = announcer();
    const members = {
      [IDS.member]: { used: 600, limit: 500, refillsAt: HOUR_END },
      [IDS.mod]: { used: 900, limit: 500, refillsAt: HOUR_END },
    };
    await announce(notice({ guild: null, members }));
    await announce(notice({ threadId: 'th-2', guild: null, members }));
    expect(sends()).toHaveLength(1);
    expect(sends()[0]).toMatchObject({ replyToId: asks.id });
    expect(String(sends()[0]?.content)).toContain(`Sorry <@${IDS.member}>, you've used up your hourly share`);
    expect(String(sends()[0]?.content)).toContain("Your messages sent until then won't be answered.");
  });

  test('GIVEN Discord refuses the notice THEN the claim is released and a later batch says it', async () => {
    const { actions, announce, sends } = announcer();
    actions.failNext('sendMessage', new DiscordActionError('MISSING_PERMISSIONS', 'Missing Permissions'));
    await announce(notice());
    await announce(notice({ threadId: 'th-2' }));
    expect(sends()).toHaveLength(2);
    await announce(notice({ threadId: 'th-3' }));
    expect(sends()).toHaveLength(2);
  });

  test('GIVEN a thread cut off after claiming, before sending THEN running again it sends, with the same nonce', async () => {
    const db = openDatabase(':memory:');
    new BudgetNoticeStore(db).claim(
      { scope: 'guild', guildId: IDS.guild, memberId: '', windowStart: DAY_END - 86_400_000 },
      { threadId: 'th-1', channelId: IDS.general, at: 0 },
    );
    const { announce, sends } = announcer(db);
    await announce(notice({ threadId: 'th-other' }));
    expect(sends()).toHaveLength(0);
    await announce(notice());
    expect(sends()).toHaveLength(1);
    const first = announcer();
    await first.announce(notice({ threadId: 'th-else' }));
    expect(sends()[0]?.nonce).toBe(first.sends()[0]?.nonce as string);
  });
});
