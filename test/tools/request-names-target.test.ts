import { describe, expect, test } from 'bun:test';
import { setup } from './fixtures/harness.ts';
import { BATCH, batchMessage, IDS } from './fixtures/world.ts';

const timeoutArgs = (messageId: string, userId: string = IDS.spammer) => ({
  user_id: userId,
  duration_seconds: 60,
  reason: 'spam',
  requested_by_message_id: messageId,
});

describe('a moderation request must be about its target', () => {
  test('GIVEN a request that mentions the member THEN it is allowed', async () => {
    const { call } = setup();
    expect((await call('timeout_member', timeoutArgs(IDS.batch.modAsks))).decision).toBe('allowed');
  });

  test('GIVEN a request that names the member as a word THEN it is allowed, but a longer name is not theirs', async () => {
    const named = batchMessage('3001', IDS.mod, `<@${IDS.bot}> please time out SAM for a minute`, {
      mentionsBot: true,
    });
    const longer = batchMessage('3002', IDS.mod, `<@${IDS.bot}> please time out samantha`, {
      mentionsBot: true,
    });
    const { call } = setup({ batch: [...BATCH, named, longer] });
    expect((await call('timeout_member', timeoutArgs('3001'))).decision).toBe('allowed');
    const refused = await call('timeout_member', timeoutArgs('3002'));
    expect(refused.decision).toBe('denied');
    expect(refused.content).toContain('does not mention, name or reply to sam');
  });

  test('GIVEN a request that replies to one of the member’s messages THEN it is allowed', async () => {
    const reply = {
      ...batchMessage('3003', IDS.mod, `<@${IDS.bot}> this one, please`, { mentionsBot: true }),
      replyToId: IDS.batch.spam,
    };
    const { call } = setup({ batch: [...BATCH, reply] });
    expect((await call('timeout_member', timeoutArgs('3003'))).decision).toBe('allowed');
  });

  test('GIVEN a request about someone else THEN acting on a bystander is denied and never reaches Discord', async () => {
    const { call, fake } = setup();
    const result = await call('timeout_member', timeoutArgs(IDS.batch.modAsks, IDS.vip));
    expect(result.decision).toBe('denied');
    expect(fake.calls.filter((recorded) => recorded.method === 'timeout')).toEqual([]);
  });
});
