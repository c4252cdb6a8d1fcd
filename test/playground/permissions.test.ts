/** The pure permission math: base permissions, overwrites, timeouts and the role hierarchy. */
import { describe, expect, test } from 'bun:test';
import { PermissionFlagsBits } from 'discord.js';
import {
  ALL_PERMISSIONS,
  basePermissions,
  bits,
  canManageRole,
  channelPermissions,
  compareRoles,
  hasAll,
  highestRole,
  outranks,
  PermissionBits,
  permissionNames,
} from '../../src/playground/permissions.ts';

const GUILD = '1000000000000000000';
const ROLE_A = '1000000000000000001';
const ROLE_B = '1000000000000000002';
const MEMBER = '1000000000000000003';

describe('permission bits', () => {
  test('GIVEN discord.js PermissionFlagsBits THEN every playground bit has the same value', () => {
    for (const [name, bit] of Object.entries(PermissionBits)) {
      expect(PermissionFlagsBits[name as keyof typeof PermissionFlagsBits]).toBe(bit);
    }
  });

  test('GIVEN a bitfield THEN permissionNames lists exactly its bits', () => {
    expect(permissionNames(bits('BanMembers', 'SendMessages'))).toEqual(['BanMembers', 'SendMessages']);
  });
});

describe('basePermissions', () => {
  const everyone = bits('ViewChannel', 'SendMessages');

  test('GIVEN roles THEN their bits are ORed onto @everyone', () => {
    const perms = basePermissions({ everyone, roles: [bits('KickMembers')], isOwner: false });
    expect(perms).toBe(everyone | PermissionBits.KickMembers);
  });

  test('GIVEN a role with Administrator THEN the member has every permission', () => {
    expect(basePermissions({ everyone, roles: [bits('Administrator')], isOwner: false })).toBe(
      ALL_PERMISSIONS,
    );
  });

  test('GIVEN the owner with no roles THEN the owner has every permission', () => {
    expect(basePermissions({ everyone: 0n, roles: [], isOwner: true })).toBe(ALL_PERMISSIONS);
  });

  test('GIVEN a timed-out member THEN only ViewChannel and ReadMessageHistory remain', () => {
    const perms = basePermissions({
      everyone: everyone | PermissionBits.ReadMessageHistory,
      roles: [bits('BanMembers')],
      isOwner: false,
      timedOut: true,
    });
    expect(permissionNames(perms)).toEqual(['ViewChannel', 'ReadMessageHistory']);
  });

  test('GIVEN a timed-out administrator THEN the timeout takes nothing away', () => {
    const perms = basePermissions({
      everyone,
      roles: [bits('Administrator')],
      isOwner: false,
      timedOut: true,
    });
    expect(perms).toBe(ALL_PERMISSIONS);
  });
});

describe('channelPermissions', () => {
  const base = bits('ViewChannel', 'SendMessages', 'AddReactions');
  const input = { base, guildId: GUILD, memberId: MEMBER, memberRoleIds: [ROLE_A, ROLE_B] };

  test('GIVEN an @everyone deny THEN the bit is removed', () => {
    const perms = channelPermissions({
      ...input,
      overwrites: [{ id: GUILD, type: 0, allow: 0n, deny: bits('SendMessages') }],
    });
    expect(hasAll(perms, PermissionBits.SendMessages)).toBe(false);
    expect(hasAll(perms, PermissionBits.AddReactions)).toBe(true);
  });

  test('GIVEN one role denies and another allows THEN allow wins (roles are applied together)', () => {
    const perms = channelPermissions({
      ...input,
      overwrites: [
        { id: ROLE_A, type: 0, allow: 0n, deny: bits('SendMessages') },
        { id: ROLE_B, type: 0, allow: bits('SendMessages'), deny: 0n },
      ],
    });
    expect(hasAll(perms, PermissionBits.SendMessages)).toBe(true);
  });

  test('GIVEN a role allow and a member deny THEN the member overwrite wins', () => {
    const perms = channelPermissions({
      ...input,
      overwrites: [
        { id: ROLE_A, type: 0, allow: bits('SendMessages'), deny: 0n },
        { id: MEMBER, type: 1, allow: 0n, deny: bits('SendMessages') },
      ],
    });
    expect(hasAll(perms, PermissionBits.SendMessages)).toBe(false);
  });

  test('GIVEN @everyone denies viewing and a role allows it THEN the channel is visible', () => {
    const perms = channelPermissions({
      ...input,
      overwrites: [
        { id: GUILD, type: 0, allow: 0n, deny: bits('ViewChannel') },
        { id: ROLE_A, type: 0, allow: bits('ViewChannel'), deny: 0n },
      ],
    });
    expect(hasAll(perms, PermissionBits.ViewChannel | PermissionBits.SendMessages)).toBe(true);
  });

  test('GIVEN no ViewChannel after overwrites THEN the member has nothing in the channel', () => {
    const perms = channelPermissions({
      ...input,
      overwrites: [{ id: GUILD, type: 0, allow: 0n, deny: bits('ViewChannel') }],
    });
    expect(perms).toBe(0n);
  });

  test('GIVEN Administrator THEN overwrites cannot take anything away', () => {
    const perms = channelPermissions({
      ...input,
      base: ALL_PERMISSIONS,
      overwrites: [{ id: MEMBER, type: 1, allow: 0n, deny: bits('ViewChannel') }],
    });
    expect(perms).toBe(ALL_PERMISSIONS);
  });
});

describe('hierarchy', () => {
  const everyone = { id: GUILD, position: 0 };
  const low = { id: ROLE_A, position: 1 };
  const high = { id: ROLE_B, position: 2 };

  test('GIVEN equal positions THEN the older role (smaller id) ranks higher', () => {
    expect(compareRoles({ id: ROLE_A, position: 3 }, { id: ROLE_B, position: 3 })).toBeGreaterThan(0);
  });

  test('GIVEN several roles THEN highestRole is the top one, @everyone with none', () => {
    expect(highestRole([low, high], everyone)).toBe(high);
    expect(highestRole([], everyone)).toBe(everyone);
  });

  test('GIVEN an actor above the target THEN it outranks; equal or below it does not', () => {
    const actor = { id: '1', isOwner: false, highest: high };
    expect(outranks(actor, { id: '2', isOwner: false, highest: low })).toBe(true);
    expect(outranks(actor, { id: '2', isOwner: false, highest: high })).toBe(false);
    expect(outranks({ ...actor, highest: low }, { id: '2', isOwner: false, highest: high })).toBe(false);
  });

  test('GIVEN the owner as target THEN nobody outranks them; as actor they outrank everyone else', () => {
    const owner = { id: '1', isOwner: true, highest: everyone };
    const admin = { id: '2', isOwner: false, highest: high };
    expect(outranks(admin, owner)).toBe(false);
    expect(outranks(owner, admin)).toBe(true);
  });

  test('GIVEN a role at or above the actor top role THEN the actor cannot manage it', () => {
    const actor = { id: '1', isOwner: false, highest: high };
    expect(canManageRole(actor, low)).toBe(true);
    expect(canManageRole(actor, high)).toBe(false);
    expect(canManageRole({ ...actor, isOwner: true }, high)).toBe(true);
  });
});
