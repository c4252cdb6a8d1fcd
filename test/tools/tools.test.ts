import { describe, expect, test } from 'bun:test';
import { discordReason } from '../../src/tools/moderation-reason.ts';
import { NOW, setup } from './fixtures/harness.ts';
import { IDS } from './fixtures/world.ts';

const B = IDS.batch;
const R = IDS.roles;

describe('tools: what each one does on Discord', () => {
  test('GIVEN timeout_member THEN the member is timed out until now plus the duration', async () => {
    const { call, fake } = setup();
    const result = await call('timeout_member', {
      user_id: IDS.spammer,
      duration_seconds: 600,
      reason: 'cool off',
      requested_by_message_id: B.modAsks,
    });
    expect(result.body.result).toEqual({
      timed_out: IDS.spammer,
      until: new Date(NOW + 600_000).toISOString(),
    });
    expect(fake.memberInfo(IDS.guild, IDS.spammer).communicationDisabledUntil).toBe(NOW + 600_000);
  });

  test('GIVEN ban_member with and without message deletion THEN only the given window is passed', async () => {
    const { call, fake } = setup();
    const args = { user_id: IDS.spammer, reason: 'spam', requested_by_message_id: B.modAsks };
    await call('ban_member', { ...args, delete_message_seconds: 3600 });
    expect(fake.mutations[0]?.input.deleteMessageSeconds).toBe(3600);
    expect(fake.bans.get(IDS.guild)?.has(IDS.spammer)).toBe(true);
    const second = setup();
    await second.call('ban_member', args);
    expect('deleteMessageSeconds' in (second.fake.mutations[0]?.input ?? {})).toBe(false);
  });

  test('GIVEN add_role then remove_role THEN the member gains and loses the role', async () => {
    const { call, fake } = setup();
    const args = {
      user_id: IDS.member,
      role_id: R.vip,
      reason: 'event winner',
      requested_by_message_id: B.modAsks,
    };
    const added = await call('add_role', args);
    expect(added.body.result).toEqual({ user_id: IDS.member, role_id: R.vip, role_name: 'VIP' });
    expect(fake.memberInfo(IDS.guild, IDS.member).roles.map((role) => role.id)).toContain(R.vip);
    await call('remove_role', args);
    expect(fake.memberInfo(IDS.guild, IDS.member).roles.map((role) => role.id)).not.toContain(R.vip);
  });

  test('GIVEN a custom emoji THEN the reaction uses Discord’s name:id form', async () => {
    const { call, fake } = setup();
    await call('add_reaction', { message_id: B.modAsks, emoji: '<:party:123456>' });
    await call('add_reaction', { message_id: B.modAsks, emoji: '👍' });
    expect(fake.mutations.map((mutation) => mutation.input.emoji)).toEqual(['party:123456', '👍']);
    for (const emoji of ['🇫🇷', '1️⃣', '👍🏽', '🧑‍💻']) {
      expect((await call('add_reaction', { message_id: B.modAsks, emoji })).decision).toBe('allowed');
    }
    for (const emoji of ['thumbs up', 'thumbsup', '<@123>', '']) {
      expect((await call('add_reaction', { message_id: B.modAsks, emoji })).decision).toBe('invalid');
    }
  });

  test('GIVEN fetch_messages THEN recent messages of this channel come newest first, pageable', async () => {
    const { call, fake } = setup();
    const page = await call('fetch_messages', { limit: 2 });
    const messages = page.body.result?.messages as Array<{ id: string; author: { name: string } }>;
    expect(messages.map((message) => message.id)).toEqual([B.headModAsks, B.channelManagerAsks]);
    const older = await call('fetch_messages', { limit: 3, before: B.modAsks });
    expect(
      ((older.body.result?.messages as Array<{ id: string }> | undefined) ?? []).map((message) => message.id),
    ).toEqual([IDS.history.spamEarlier, IDS.history.modAskedEarlier]);
    expect(
      fake.calls.filter((c) => c.method === 'fetchMessages').every((c) => c.input.channelId === IDS.general),
    ).toBe(true);
  });

  test('GIVEN get_member_info THEN it describes the member of this server', async () => {
    const { call } = setup();
    const result = await call('get_member_info', { user_id: IDS.mod });
    expect(result.body.result).toMatchObject({
      user_id: IDS.mod,
      username: 'mona',
      is_owner: false,
      highest_role_position: 6,
      roles: [
        { id: R.moderator, name: 'Moderator', position: 6 },
        { id: R.regular, name: 'Regular', position: 1 },
      ],
      timed_out_until: null,
    });
  });

  test('GIVEN get_server_stats THEN it lists counts and roles highest first', async () => {
    const { call } = setup();
    const result = await call('get_server_stats', {});
    const stats = result.body.result as { member_count: number; roles: Array<{ name: string }> };
    expect(stats.member_count).toBe(12);
    expect(stats.roles[0]?.name).toBe('Admin');
    expect(stats.roles.at(-1)?.name).toBe('@everyone');
  });

  test('GIVEN a very long reason THEN Discord’s reason stays within 512 characters and keeps the requester', () => {
    const text = discordReason('x'.repeat(600), { userId: IDS.mod, name: 'mona' });
    expect(text.length).toBe(512);
    expect(text.endsWith(`(asked by mona ${IDS.mod}, via Ery)`)).toBe(true);
    expect(discordReason('spam', null)).toBe('spam (Ery, autonomous)');
  });
});
