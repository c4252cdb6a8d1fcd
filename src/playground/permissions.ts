/**
 * Discord's permission model as pure functions over bigints, so it can be tested without a server.
 * Follows https://discord.com/developers/docs/topics/permissions: base permissions from @everyone and
 * the member's roles, then channel overwrites (@everyone, then roles, then the member; deny before
 * allow), Administrator and ownership short-circuiting everything, and timeouts stripping all but
 * viewing.
 */

/** Permission bits, values identical to discord.js `PermissionFlagsBits` (checked by a unit test). */
export const PermissionBits = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  PrioritySpeaker: 1n << 8n,
  Stream: 1n << 9n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ViewGuildInsights: 1n << 19n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  MuteMembers: 1n << 22n,
  DeafenMembers: 1n << 23n,
  MoveMembers: 1n << 24n,
  UseVAD: 1n << 25n,
  ChangeNickname: 1n << 26n,
  ManageNicknames: 1n << 27n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  ManageGuildExpressions: 1n << 30n,
  UseApplicationCommands: 1n << 31n,
  RequestToSpeak: 1n << 32n,
  ManageEvents: 1n << 33n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  UseExternalStickers: 1n << 37n,
  SendMessagesInThreads: 1n << 38n,
  UseEmbeddedActivities: 1n << 39n,
  ModerateMembers: 1n << 40n,
  ViewCreatorMonetizationAnalytics: 1n << 41n,
  UseSoundboard: 1n << 42n,
  CreateGuildExpressions: 1n << 43n,
  CreateEvents: 1n << 44n,
  UseExternalSounds: 1n << 45n,
  SendVoiceMessages: 1n << 46n,
  SetVoiceChannelStatus: 1n << 48n,
  SendPolls: 1n << 49n,
  UseExternalApps: 1n << 50n,
  PinMessages: 1n << 51n,
  BypassSlowmode: 1n << 52n,
} as const;

/** A permission's name as discord.js spells it (`BanMembers`). */
export type PermissionName = keyof typeof PermissionBits;

/** Every permission bit set: what Administrator and the owner get. */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionBits).reduce((all, bit) => all | bit, 0n);

/** What a timed-out member keeps (Discord strips everything else until the timeout ends). */
const TIMEOUT_ALLOWED = PermissionBits.ViewChannel | PermissionBits.ReadMessageHistory;

/** ORs permission names into one bitfield. */
export function bits(...names: PermissionName[]): bigint {
  return names.reduce((all, name) => all | PermissionBits[name], 0n);
}

/** True when every bit of `required` is in `perms`. */
export function hasAll(perms: bigint, required: bigint): boolean {
  return (perms & required) === required;
}

/** The names of the bits set in `perms`, in bit order. */
export function permissionNames(perms: bigint): PermissionName[] {
  return (Object.keys(PermissionBits) as PermissionName[]).filter(
    (name) => (perms & PermissionBits[name]) !== 0n,
  );
}

/** The member-side facts the permission math needs. */
export interface MemberPermissionInput {
  /** Permissions of the @everyone role. */
  everyone: bigint;
  /** Permissions of each role the member holds (not @everyone). */
  roles: bigint[];
  isOwner: boolean;
  /** True while `communication_disabled_until` is in the future. */
  timedOut?: boolean;
}

/** Guild-level permissions: @everyone OR the member's roles; owner and Administrator get all. */
export function basePermissions(input: MemberPermissionInput): bigint {
  if (input.isOwner) return ALL_PERMISSIONS;
  const perms = input.roles.reduce((all, p) => all | p, input.everyone);
  if (hasAll(perms, PermissionBits.Administrator)) return ALL_PERMISSIONS;
  return input.timedOut ? perms & TIMEOUT_ALLOWED : perms;
}

/** A channel permission overwrite; `type` 0 targets a role, 1 a member. */
export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** Inputs for a member's permissions in one channel. */
export interface ChannelPermissionInput {
  /** Result of {@link basePermissions}. */
  base: bigint;
  guildId: string;
  memberId: string;
  memberRoleIds: readonly string[];
  overwrites: readonly Overwrite[];
}

/**
 * Applies a channel's overwrites to base permissions in Discord's order: @everyone, then all role
 * overwrites together (deny then allow), then the member's own. Without ViewChannel a member has
 * nothing in that channel.
 */
export function channelPermissions(input: ChannelPermissionInput): bigint {
  if (hasAll(input.base, PermissionBits.Administrator)) return ALL_PERMISSIONS;
  let perms = input.base;
  const everyone = input.overwrites.find((o) => o.type === 0 && o.id === input.guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of input.overwrites) {
    if (o.type === 0 && o.id !== input.guildId && input.memberRoleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const own = input.overwrites.find((o) => o.type === 1 && o.id === input.memberId);
  if (own) perms = (perms & ~own.deny) | own.allow;
  return hasAll(perms, PermissionBits.ViewChannel) ? perms : 0n;
}

/** A role's place in the hierarchy. */
export interface RankedRole {
  id: string;
  position: number;
}

/**
 * Orders two roles like Discord (and discord.js `Role.comparePositions`): higher position wins; on a
 * tie the older role (smaller id) is higher. Positive when `a` is above `b`.
 */
export function compareRoles(a: RankedRole, b: RankedRole): number {
  if (a.position !== b.position) return a.position - b.position;
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x < y ? 1 : -1;
}

/** The member's highest role, or `everyone` when they hold none. */
export function highestRole(roles: readonly RankedRole[], everyone: RankedRole): RankedRole {
  return roles.reduce((top, role) => (compareRoles(role, top) > 0 ? role : top), everyone);
}

/** One side of a hierarchy check. */
export interface HierarchyMember {
  id: string;
  isOwner: boolean;
  highest: RankedRole;
}

/**
 * Whether `actor` may ban, kick, time out or edit `target`: nobody acts on the owner, the owner acts
 * on everyone else, otherwise the actor's highest role must be strictly above the target's.
 */
export function outranks(actor: HierarchyMember, target: HierarchyMember): boolean {
  if (target.isOwner) return false;
  if (actor.isOwner) return true;
  return compareRoles(actor.highest, target.highest) > 0;
}

/** Whether `actor` may give or take `role`: the owner may, anyone else only below their highest role. */
export function canManageRole(actor: HierarchyMember, role: RankedRole): boolean {
  if (actor.isOwner) return true;
  return compareRoles(actor.highest, role) > 0;
}
