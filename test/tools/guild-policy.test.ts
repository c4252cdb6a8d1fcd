import { describe, expect, test } from 'bun:test';
import { defaultGuildPolicy, GuildPolicy, parseGuildPolicy } from '../../src/domain/guild-policy.ts';

describe('guild policy', () => {
  test('GIVEN nothing configured THEN the defaults are the safe ones', () => {
    expect(defaultGuildPolicy).toEqual({
      rules: '',
      roleGrants: {},
      autonomous: { enabled: false, tools: {} },
      allowMentions: { everyone: false, roles: false },
      autoThread: { enabled: false, minMessagesPerMinute: 10 },
      welcome: {
        enabled: false,
        channelId: null,
        template: '',
        instruction: '',
        raid: { joins: 10, windowMs: 60_000, holdMs: 5_000 },
      },
      directMessages: false,
    });
    expect(GuildPolicy.parse({})).toEqual(defaultGuildPolicy);
  });

  test('GIVEN the shared default policy THEN nobody can change it for every server', () => {
    expect(Object.isFrozen(defaultGuildPolicy.allowMentions)).toBe(true);
    expect(() => {
      (defaultGuildPolicy.autonomous as { enabled: boolean }).enabled = true;
    }).toThrow();
  });

  test('GIVEN a partial policy THEN the rest is filled with defaults', () => {
    const policy = parseGuildPolicy({
      autonomous: { enabled: true, tools: { timeout_member: { maxDurationSeconds: 600 }, ban_member: {} } },
      roleGrants: { timeout_member: ['26'] },
    });
    expect(policy.allowMentions).toEqual({ everyone: false, roles: false });
    expect(policy.autonomous.tools.ban_member).toEqual({ maxDeleteMessageSeconds: 0 });
    expect(policy.roleGrants.timeout_member).toEqual(['26']);
  });

  test('GIVEN a misspelt tool key THEN the policy is refused instead of silently ignored', () => {
    expect(GuildPolicy.safeParse({ roleGrants: { ban_members: ['1'] } }).success).toBe(false);
    expect(GuildPolicy.safeParse({ autonomous: { enabled: true, tools: { timeout: {} } } }).success).toBe(
      false,
    );
    expect(GuildPolicy.safeParse({ allowMention: { everyone: true } }).success).toBe(false);
  });

  test('GIVEN an autonomous timeout limit beyond 28 days THEN the policy is refused', () => {
    const result = GuildPolicy.safeParse({
      autonomous: { enabled: true, tools: { timeout_member: { maxDurationSeconds: 2_419_201 } } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([
      'autonomous',
      'tools',
      'timeout_member',
      'maxDurationSeconds',
    ]);
  });
});
