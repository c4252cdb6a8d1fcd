import { describe, expect, test } from 'bun:test';
import { DiscordActionError } from '../../src/discord/errors.ts';
import type { GuildPolicyInput } from '../../src/domain/guild-policy.ts';
import { type DiscordWorld, FakeDiscordActions, type WorldRole } from '../support/fake-discord-actions.ts';
import { setup } from './fixtures/harness.ts';
import { BATCH, batchMessage, IDS, WORLD_WITH_HISTORY } from './fixtures/world.ts';

const B = IDS.batch;
const R = IDS.roles;
const reason = 'breaking rule 2';

/** The test world with role `roleId` of the first guild holding only `permissions`. */
function worldWithRole(roleId: string, permissions: WorldRole['permissions']): FakeDiscordActions {
  const world: DiscordWorld = structuredClone(WORLD_WITH_HISTORY);
  const role = world.guilds[0]?.roles.find((candidate) => candidate.id === roleId);
  if (!role) throw new Error(`the fixture world has role ${roleId}`);
  role.permissions = permissions;
  return new FakeDiscordActions(world);
}

interface AllowCase {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  policy?: GuildPolicyInput;
  reaches: string;
}

const ALLOWED: AllowCase[] = [
  {
    name: 'a moderator with Ban Members asks to ban a regular member',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: B.modAsks },
    reaches: 'ban',
  },
  {
    name: 'an administrator (Administrator implies every permission) asks to kick',
    tool: 'kick_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: B.adminAsks },
    reaches: 'kick',
  },
  {
    name: 'the owner asks to time out a moderator ranked below Ery',
    tool: 'timeout_member',
    args: { user_id: IDS.mod, duration_seconds: 600, reason, requested_by_message_id: B.ownerAsks },
    reaches: 'timeout',
  },
  {
    name: 'a helper whose role the policy grants timeouts asks for one',
    tool: 'timeout_member',
    args: { user_id: IDS.spammer, duration_seconds: 600, reason, requested_by_message_id: B.helperAsks },
    policy: { roleGrants: { timeout_member: [R.helper] } },
    reaches: 'timeout',
  },
  {
    name: 'a helper whose role the policy grants add_role gives a role without permissions',
    tool: 'add_role',
    args: { user_id: IDS.member, role_id: R.regular, reason, requested_by_message_id: B.helperAsks },
    policy: { roleGrants: { add_role: [R.helper] } },
    reaches: 'addRole',
  },
  {
    name: 'a moderator with Manage Roles gives a role below them',
    tool: 'add_role',
    args: { user_id: IDS.member, role_id: R.vip, reason, requested_by_message_id: B.modAsks },
    reaches: 'addRole',
  },
  {
    name: 'a moderator removes a role below them',
    tool: 'remove_role',
    args: { user_id: IDS.spammer, role_id: R.regular, reason, requested_by_message_id: B.modAsks },
    reaches: 'removeRole',
  },
  {
    name: 'an autonomous role change of a role the policy lists',
    tool: 'add_role',
    args: { user_id: IDS.member, role_id: R.regular, reason, requested_by_message_id: null },
    policy: { autonomous: { enabled: true, tools: { add_role: { roleIds: [R.regular] } } } },
    reaches: 'addRole',
  },
  {
    name: 'an autonomous ban within its message-deletion limit',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: null, delete_message_seconds: 3600 },
    policy: { autonomous: { enabled: true, tools: { ban_member: { maxDeleteMessageSeconds: 86_400 } } } },
    reaches: 'ban',
  },
  {
    name: 'a message to another channel of the same server',
    tool: 'send_message',
    args: { content: 'moving this to mod-chat', channel_id: IDS.modChat },
    reaches: 'sendMessage',
  },
  {
    name: 'a mass mention the policy allows',
    tool: 'send_message',
    args: { content: `@everyone and <@&${R.vip}>: event starts now` },
    policy: { allowMentions: { everyone: true, roles: true } },
    reaches: 'sendMessage',
  },
];

describe('authorisation: allowed calls', () => {
  for (const allowed of ALLOWED) {
    test(`GIVEN ${allowed.name} THEN it is allowed and reaches ${allowed.reaches}`, async () => {
      const { call, fake, audit } = setup(allowed.policy ? { policy: allowed.policy } : {});
      const result = await call(allowed.tool, allowed.args);
      expect(result.body.error).toBeUndefined();
      expect(result).toMatchObject({ decision: 'allowed', ok: true });
      expect(fake.mutations.map((mutation): string => mutation.method)).toEqual([allowed.reaches]);
      expect(audit.rows[0]).toMatchObject({ decision: 'allowed', outcome: 'ok' });
    });
  }
});

describe('authorisation: denied calls', () => {
  async function denied(
    tool: string,
    args: Record<string, unknown>,
    options: Parameters<typeof setup>[0] = {},
  ): Promise<{ message: string; mutations: number; error: string | null | undefined }> {
    const { call, fake, audit } = setup(options);
    const actions = (options.actions as FakeDiscordActions | undefined) ?? fake;
    const result = await call(tool, args);
    expect(result).toMatchObject({ decision: 'denied', ok: false });
    return {
      message: result.body.error?.message ?? '',
      mutations: actions.mutations.length,
      error: audit.rows[0]?.error,
    };
  }

  test('GIVEN Ery lacks the permission THEN the denial says what an admin must fix', async () => {
    const actions = worldWithRole(R.ery, ['KickMembers']);
    const outcome = await denied(
      'ban_member',
      { user_id: IDS.spammer, reason, requested_by_message_id: B.modAsks },
      { actions },
    );
    expect(outcome.message).toContain(
      "Ery lacks the Ban Members permission in this server; a server admin must give it to Ery's role",
    );
    expect(outcome.mutations).toBe(0);
  });

  test('GIVEN a target with Administrator below Ery THEN a timeout is refused before Discord refuses it', async () => {
    const actions = worldWithRole(R.regular, ['Administrator']);
    const outcome = await denied(
      'timeout_member',
      { user_id: IDS.spammer, duration_seconds: 60, reason, requested_by_message_id: B.ownerAsks },
      { actions },
    );
    expect(outcome.message).toContain('Administrator permission cannot be timed out');
    expect(outcome.mutations).toBe(0);
  });

  test('GIVEN the requester has left the server THEN the request is refused', async () => {
    const batch = [...BATCH, batchMessage('2999', '888', `<@${IDS.bot}> ban sam`, { mentionsBot: true })];
    const outcome = await denied(
      'ban_member',
      { user_id: IDS.spammer, reason, requested_by_message_id: '2999' },
      { batch },
    );
    expect(outcome.message).toContain('is no longer a member of this server');
  });

  test('GIVEN Discord fails while checking THEN the call is denied (fail closed) with the failure audited', async () => {
    const fake = new FakeDiscordActions(WORLD_WITH_HISTORY);
    fake.failNext('getMember', new DiscordActionError('UNAVAILABLE', 'Discord 503'));
    const outcome = await denied(
      'ban_member',
      { user_id: IDS.spammer, reason, requested_by_message_id: B.modAsks },
      { actions: fake },
    );
    expect(outcome.message).toContain('could not check this call with Discord (UNAVAILABLE)');
    expect(outcome.error).toContain('Discord 503');
    expect(outcome.mutations).toBe(0);
  });

  test('GIVEN an autonomous role change of a role the policy does not list THEN it is refused', async () => {
    const outcome = await denied(
      'remove_role',
      { user_id: IDS.spammer, role_id: R.vip, reason, requested_by_message_id: null },
      { policy: { autonomous: { enabled: true, tools: { remove_role: { roleIds: [R.regular] } } } } },
    );
    expect(outcome.message).toContain('role 28 is not one this server lets Ery remove on its own');
  });

  test('GIVEN an autonomous ban deleting more history than allowed THEN it is refused', async () => {
    const outcome = await denied(
      'ban_member',
      { user_id: IDS.spammer, reason, requested_by_message_id: null, delete_message_seconds: 604_800 },
      { policy: { autonomous: { enabled: true, tools: { ban_member: {} } } } },
    );
    expect(outcome.message).toContain('delete_message_seconds 604800 is above the 0 this server allows');
  });

  test('GIVEN autonomous moderation listed but not enabled THEN it is refused', async () => {
    const outcome = await denied(
      'timeout_member',
      { user_id: IDS.spammer, duration_seconds: 60, reason, requested_by_message_id: null },
      { policy: { autonomous: { enabled: false, tools: { timeout_member: { maxDurationSeconds: 600 } } } } },
    );
    expect(outcome.message).toContain('has not enabled autonomous moderation');
  });

  test('GIVEN a moderator asking Ery to act on themselves THEN it is refused as self-targeting, for every tool', async () => {
    for (const [tool, extra] of [
      ['kick_member', {}],
      ['ban_member', {}],
      ['timeout_member', { duration_seconds: 60 }],
      ['add_role', { role_id: R.helper }],
    ] as const) {
      const outcome = await denied(tool, {
        user_id: IDS.mod,
        reason,
        requested_by_message_id: B.modAsks,
        ...extra,
      });
      expect(outcome.message).toBe(
        `mona (${IDS.mod}) asked for ${tool} on themselves; nobody can have Ery use a moderation tool on themselves`,
      );
    }
  });

  test('GIVEN a member lookup of a user from another server THEN it is refused', async () => {
    const outcome = await denied('get_member_info', { user_id: IDS.outsider });
    expect(outcome.message).toBe('user 702 is not a member of this server');
  });

  test('GIVEN a policy-granted role in the request THEN it does not lift the hierarchy rules', async () => {
    const outcome = await denied(
      'timeout_member',
      { user_id: IDS.mod, duration_seconds: 60, reason, requested_by_message_id: B.helperAsks },
      { policy: { roleGrants: { timeout_member: [R.helper] } } },
    );
    expect(outcome.message).toContain('highest role is not below hugo');
  });
});
