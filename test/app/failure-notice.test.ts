import { describe, expect, test } from 'bun:test';
import { AgentThreadError } from '../../actors/agent-thread/errors.ts';
import { failureNotice, type NoticeThread } from '../../src/app/failure-notice.ts';
import { createSqliteStepLog } from '../../src/db/step-log.ts';
import { DiscordActionError } from '../../src/discord/errors.ts';
import { historyOfChat } from '../../src/discord/history-feed.ts';
import { LlmError } from '../../src/llm/errors.ts';
import { thrownBy } from '../support/errors.ts';
import { FakeDiscordActions } from '../support/fake-discord-actions.ts';
import { useTempDatabases } from '../support/temp-databases.ts';
import { batchMessage, IDS, WORLD } from '../tools/fixtures/world.ts';

const databases = useTempDatabases('ery-notice-');
const database = () => databases.open();

const asks = batchMessage('900001', IDS.member, `<@${IDS.bot}> hello?`, { mentionsBot: true });
const chat = batchMessage('900002', IDS.mod, 'just chatting');
const thread = (messages = [asks, chat]): NoticeThread => ({
  threadId: 'th-1',
  channelId: IDS.general,
  messages,
});

/** A fresh fake Discord each time: as after a restart, once Discord's nonce window has passed. */
function discord(): FakeDiscordActions {
  return new FakeDiscordActions({ ...WORLD, messages: [asks, chat].map(historyOfChat) });
}
const sends = (actions: FakeDiscordActions) => actions.calls.filter((call) => call.method === 'sendMessage');

describe('GIVEN a failed thread that someone addressed to Ery', () => {
  test('THEN the newest person who asked gets one reply naming the reason, with no pings', async () => {
    const actions = discord();
    await failureNotice(actions, createSqliteStepLog(database()))(
      thread(),
      new AgentThreadError('THREAD_SILENT', 'th-1', 'x'),
    );
    expect(sends(actions)).toHaveLength(1);
    expect(sends(actions)[0]?.input).toMatchObject({
      channelId: IDS.general,
      replyToId: asks.id,
      allowedMentions: { parse: [] },
    });
    expect(String(sends(actions)[0]?.input.content)).toContain('without using its tools');
  });

  test('WHEN the thread and the supervisor report it at the same time THEN one message is sent', async () => {
    const actions = discord();
    const notify = failureNotice(actions, createSqliteStepLog(database()));
    await Promise.all([
      notify(thread(), new LlmError('LLM_TIMEOUT', 'slow')),
      notify(thread(), new AgentThreadError('THREAD_DEADLINE', 'th-1', 'late')),
    ]);
    expect(sends(actions)).toHaveLength(1);
  });

  test('WHEN it is reported again after a restart THEN the step log says it was sent and nothing is sent', async () => {
    const db = database();
    const before = discord();
    await failureNotice(before, createSqliteStepLog(db))(
      thread(),
      new AgentThreadError('THREAD_DEADLINE', 'th-1', 'x'),
    );
    const after = discord();
    await failureNotice(after, createSqliteStepLog(db))(
      thread(),
      new AgentThreadError('THREAD_DEADLINE', 'th-1', 'x'),
    );
    expect(sends(before)).toHaveLength(1);
    expect(sends(after)).toHaveLength(0);
  });

  test('WHEN sending fails THEN nothing is recorded, so a later report may still tell them', async () => {
    const db = database();
    const actions = discord();
    const notify = failureNotice(actions, createSqliteStepLog(db));
    actions.failNext('sendMessage', new DiscordActionError('RATE_LIMITED', 'slow down'));
    expect(await thrownBy(notify(thread(), new Error('x')))).toBeInstanceOf(DiscordActionError);
    await notify(thread(), new Error('x'));
    expect(sends(actions)).toHaveLength(2);
  });
});

test('GIVEN a failed thread nobody addressed to Ery THEN no notice is sent', async () => {
  const actions = discord();
  await failureNotice(actions, createSqliteStepLog(database()))(thread([chat]), new Error('x'));
  expect(sends(actions)).toHaveLength(0);
});
