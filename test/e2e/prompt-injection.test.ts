/**
 * The prompt-injection table of test/tools/attacks end to end: the real tool executor and Ery's real
 * discord.js client (`connectDiscord` → `connection.actions`) against the playground seeded with
 * fixtures WORLD_WITH_HISTORY (same ids, roles, second server and history as the unit run). Every
 * attack must be denied and audited (in a real SQLite file), and the playground's own record (its
 * events, the HTTP requests it served, its state) must show that nothing happened.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { RoleInfo } from '../../src/discord/port.ts';
import { holdsPermission } from '../../src/tools/rules/permissions.ts';
import { ALL_PERMISSIONS } from '../support/discord-world.ts';
import { FakeDiscordActions } from '../support/fake-discord-actions.ts';
import { ATTACKS } from '../tools/attacks/cases.ts';
import { describeAttackSuite, runAttackCall } from '../tools/attacks/suite.ts';
import { IDS, WORLD_WITH_HISTORY } from '../tools/fixtures/world.ts';
import { playgroundHarnesses } from './support/attack-playground.ts';
import { markRecord } from './support/playground-record.ts';

setDefaultTimeout(30_000);

const harnesses = playgroundHarnesses(WORLD_WITH_HISTORY);
afterAll(() => harnesses.closeAll());

type Comparable = { guildId: string; roles: RoleInfo[]; highestRolePosition: number };

/** Each role's permission names in one order: discord.js lists them by bit. */
const sortedPermissions = <T extends Comparable>(member: T): T => ({
  ...member,
  roles: member.roles.map((role) => ({ ...role, permissions: [...role.permissions].sort() })),
});

/** Fixture positions as discord.js reports them: the number of roles below, so gaps close up. */
function ranked<T extends Comparable>(member: T): T {
  const positions = (WORLD_WITH_HISTORY.guilds.find((guild) => guild.id === member.guildId)?.roles ?? [])
    .map((role) => role.position)
    .sort((a, b) => a - b);
  const rank = (position: number) => positions.indexOf(position);
  return {
    ...member,
    highestRolePosition: rank(member.highestRolePosition),
    roles: member.roles.map((role) => ({ ...role, position: rank(role.position) })),
  };
}

/** The same world in memory: what the table was written against. */
const reference = () => new FakeDiscordActions(WORLD_WITH_HISTORY);

// The table only means the same thing here if the playground holds the same world: check that first.
describe('the fixtures world seeded into the playground', () => {
  test('GIVEN Ery logs in with the world bot token THEN it is the world bot and sees both servers', async () => {
    const harness = await harnesses.create();
    try {
      expect(harness.connection.botUserId).toBe(IDS.bot);
      expect(harness.actions.botUserId).toBe(IDS.bot);
      expect(harness.connection.guildIds().sort()).toEqual([IDS.guild, IDS.otherGuild]);
    } finally {
      await harness.close();
    }
  });

  test('GIVEN every member THEN the real client reports the roles, rank, ownership and permissions the in-memory Discord does', async () => {
    const harness = await harnesses.create();
    const fake = reference();
    try {
      for (const guild of WORLD_WITH_HISTORY.guilds) {
        for (const { userId } of guild.members) {
          const expected = fake.memberInfo(guild.id, userId);
          const actual = await harness.actions.getMember({ guildId: guild.id, userId });
          const { permissions: expectedPermissions, ...expectedRest } = expected;
          const { permissions: actualPermissions, ...actualRest } = actual;
          expect(sortedPermissions(actualRest)).toEqual(sortedPermissions(ranked(expectedRest)));
          // What the authoriser asks of a member must get the same answer from both. (discord.js
          // expands only ownership to every flag, not Administrator: holdsPermission covers both.)
          for (const permission of ALL_PERMISSIONS) {
            expect([userId, permission, holdsPermission(actual, permission)]).toEqual([
              userId,
              permission,
              holdsPermission(expected, permission),
            ]);
          }
          if (!expected.isOwner && !expectedPermissions.includes('Administrator')) {
            expect([...actualPermissions].sort()).toEqual([...expectedPermissions].sort());
          }
        }
        const fakeGuild = await fake.getGuild({ guildId: guild.id });
        const guildInfo = await harness.actions.getGuild({ guildId: guild.id });
        expect(guildInfo.ownerId).toBe(fakeGuild.ownerId);
        // Highest first on both sides: the same order means the same ranks.
        expect(guildInfo.roles.map(({ id, managed }) => ({ id, managed }))).toEqual(
          [...fakeGuild.roles]
            .sort((a, b) => b.position - a.position)
            .map(({ id, managed }) => ({ id, managed })),
        );
      }
    } finally {
      await harness.close();
    }
  });

  test('GIVEN the history THEN the real client fetches each message with the channel, author, content and reply of the fixtures', async () => {
    const harness = await harnesses.create();
    try {
      const messages = WORLD_WITH_HISTORY.messages ?? [];
      expect(messages.length).toBeGreaterThan(10);
      for (const message of messages) {
        const fetched = await harness.actions.fetchMessage({
          channelId: message.channelId,
          messageId: message.id,
        });
        // createdAt is not compared: discord.js derives it from the id, and fixture ids are tiny.
        const { createdAt: _fetchedAt, ...fetchedRest } = fetched;
        const { createdAt: _fixtureAt, ...fixtureRest } = message;
        expect(fetchedRest).toEqual(fixtureRest);
      }
      // A message of #mod-chat is not found in #general: what "another channel" attacks rely on.
      await expect(
        harness.actions.fetchMessage({ channelId: IDS.general, messageId: IDS.history.modAskedInModChat }),
      ).rejects.toMatchObject({ code: 'UNKNOWN_MESSAGE' });
    } finally {
      await harness.close();
    }
  });
});

describeAttackSuite('the playground through the real discord.js client', () => harnesses.create());

describe('the whole table against one server', () => {
  test('GIVEN every attack in a row on one playground THEN each is denied and its record shows no change at all', async () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(12);
    const harness = await harnesses.create();
    try {
      const record = markRecord(harness.pg, [IDS.guild, IDS.otherGuild]);
      const decisions: Array<[string, string]> = [];
      for (const attack of ATTACKS) {
        const { result, recorder } = await runAttackCall(harness, attack);
        expect(recorder.mutations()).toEqual([]);
        decisions.push([attack.name, result.decision]);
      }
      expect(decisions.filter(([, decision]) => decision !== 'denied')).toEqual([]);
      const rows = harness.audit?.rows() ?? [];
      expect(rows.map((row) => [row.tool, row.decision, row.outcome])).toEqual(
        ATTACKS.map((attack) => [attack.tool, 'denied', 'skipped']),
      );
      record.expectNothingChanged();
      // The reads did reach the playground: the checks were made against it, not skipped.
      expect(record.requests().length).toBeGreaterThan(ATTACKS.length);
    } finally {
      await harness.close();
    }
  });
});
