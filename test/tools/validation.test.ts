import { describe, expect, test } from 'bun:test';
import { setup } from './fixtures/harness.ts';
import { IDS } from './fixtures/world.ts';

const ban = { user_id: IDS.spammer, reason: 'spam', requested_by_message_id: IDS.batch.modAsks };

describe('argument validation', () => {
  test('GIVEN arguments that are not JSON THEN the result is an invalid call, not a throw', async () => {
    const { call, fake, audit } = setup();
    const result = await call('ban_member', '{"user_id": "508",');
    expect(result).toMatchObject({ decision: 'invalid', ok: false });
    expect(result.body.error?.code).toBe('INVALID_JSON');
    expect(result.body.error?.message).toContain('send one JSON object');
    expect(fake.calls).toEqual([]);
    expect(audit.rows[0]).toMatchObject({
      decision: 'invalid',
      outcome: 'skipped',
      arguments: '{"user_id": "508",',
    });
  });

  test('GIVEN a JSON array instead of an object THEN the call is invalid', async () => {
    const { call } = setup();
    const result = await call('get_member_info', '["508"]');
    expect(result.body.error).toMatchObject({ code: 'INVALID_ARGUMENTS' });
  });

  test('GIVEN bad fields THEN the error names each of them so the model can correct them', async () => {
    const { call, fake } = setup();
    const result = await call('ban_member', { ...ban, user_id: 'sam', reason: '   ' });
    expect(result.decision).toBe('invalid');
    expect(result.body.error?.fields?.map((issue) => issue.field).sort()).toEqual(['reason', 'user_id']);
    expect(result.body.error?.message).toContain('user_id: expected a Discord snowflake');
    expect(result.body.error?.message).toContain('call ban_member again');
    expect(fake.calls).toEqual([]);
  });

  test('GIVEN a missing required field THEN it is reported as required', async () => {
    const { call } = setup();
    const result = await call('reply_to_message', { content: 'hi' });
    expect(result.body.error?.fields).toEqual([{ field: 'message_id', message: 'required' }]);
  });

  test('GIVEN a misspelt argument THEN the error lists the real ones', async () => {
    const { call } = setup();
    const result = await call('get_member_info', { userId: IDS.spammer });
    expect(result.body.error?.message).toContain(
      'userId: not arguments of get_member_info; it takes user_id',
    );
  });

  test('GIVEN content over 8000 characters THEN the call is invalid and nothing is sent', async () => {
    const { call, fake } = setup();
    const result = await call('send_message', { content: 'x'.repeat(8001) });
    expect(result.body.error?.fields?.[0]?.field).toBe('content');
    expect(result.body.error?.message).toContain('at most 8000 characters');
    expect(fake.mutations).toEqual([]);
  });

  test('GIVEN content over 2000 characters THEN it is sent as several messages of at most 2000', async () => {
    const { call, fake } = setup();
    expect((await call('send_message', { content: 'x'.repeat(2000) })).ok).toBe(true);
    expect(fake.mutations).toHaveLength(1);
    const long = await call('send_message', { content: 'word '.repeat(1000).trim() });
    expect(long.ok).toBe(true);
    const sent = fake.mutations.slice(1);
    expect(sent).toHaveLength(3);
    for (const mutation of sent) expect(String(mutation.input.content).length).toBeLessThanOrEqual(2000);
  });

  test('GIVEN empty content THEN the call is invalid', async () => {
    const { call } = setup();
    expect((await call('send_message', { content: ' \n ' })).body.error?.fields?.[0]?.field).toBe('content');
  });

  test('GIVEN numbers outside their ranges THEN the calls are invalid', async () => {
    const { call } = setup();
    const timeout = { user_id: IDS.spammer, reason: 'spam', requested_by_message_id: IDS.batch.modAsks };
    expect((await call('timeout_member', { ...timeout, duration_seconds: 2_419_201 })).decision).toBe(
      'invalid',
    );
    expect((await call('timeout_member', { ...timeout, duration_seconds: 0 })).decision).toBe('invalid');
    expect((await call('timeout_member', { ...timeout, duration_seconds: 1.5 })).decision).toBe('invalid');
    expect((await call('ban_member', { ...ban, delete_message_seconds: 604_801 })).decision).toBe('invalid');
    expect((await call('fetch_messages', { limit: 0 })).decision).toBe('invalid');
    expect((await call('fetch_messages', { limit: 101 })).decision).toBe('invalid');
    expect((await call('fetch_messages', { limit: 100 })).decision).toBe('allowed');
  });

  test('GIVEN an unknown tool THEN the call is invalid and lists the real tools', async () => {
    const { call, audit } = setup();
    const result = await call('nuke_server', { confirm: true });
    expect(result.decision).toBe('invalid');
    expect(result.body.error?.code).toBe('UNKNOWN_TOOL');
    expect(result.body.error?.tools).toContain('ban_member');
    expect(result.body.error?.message).toContain('send_message');
    expect(audit.rows[0]).toMatchObject({
      tool: 'nuke_server',
      decision: 'invalid',
      arguments: { confirm: true },
    });
  });

  test('GIVEN empty argument text for a tool without arguments THEN it runs', async () => {
    const { call } = setup();
    const result = await call('get_server_stats', '');
    expect(result).toMatchObject({ decision: 'allowed', ok: true });
    expect(result.body.result?.name).toBe('Ery Test');
  });
});
