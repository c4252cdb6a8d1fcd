/**
 * The demo server every playground starts with (unless `seed: false`): "Ery Playground", its people,
 * roles and channels, laid out like a real community server. Ids are fixed snowflakes so tests and
 * the web chat can name them.
 */
import { bits, type Overwrite } from './permissions.ts';
import { snowflakeAt } from './snowflake.ts';
import type { StateStore } from './state.ts';

/** The ids of everything in the demo server. */
export interface DemoIds {
  guildId: string;
  channels: { general: string; random: string; modLog: string; help: string };
  users: { owner: string; moderator: string; alice: string; bob: string; ery: string };
  roles: {
    everyone: string;
    member: string;
    trusted: string;
    helper: string;
    ery: string;
    moderator: string;
  };
}

// 2024-01-01T00:00:00Z, one second apart: stable 19-digit snowflakes.
const at = (n: number) => snowflakeAt(1_704_067_200_000 + n * 1000);

/** The demo server's fixed ids. */
export const DEMO_IDS: DemoIds = {
  guildId: at(0),
  users: { owner: at(1), moderator: at(2), alice: at(3), bob: at(4), ery: at(5) },
  roles: { everyone: at(0), member: at(10), trusted: at(11), ery: at(12), moderator: at(13), helper: at(14) },
  channels: { general: at(20), random: at(21), modLog: at(22), help: at(23) },
};

/** Discord's default @everyone permissions for a new server (the text-chat part of them). */
export const DEFAULT_EVERYONE_PERMISSIONS = bits(
  'CreateInstantInvite',
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'CreatePublicThreads',
  'CreatePrivateThreads',
  'EmbedLinks',
  'AttachFiles',
  'AddReactions',
  'UseExternalEmojis',
  'UseExternalStickers',
  'MentionEveryone',
  'ReadMessageHistory',
  'ChangeNickname',
  'UseApplicationCommands',
);

/** What Ery's own (managed) role is granted when it is invited: talk, react, read, moderate. */
export const ERY_ROLE_PERMISSIONS = bits(
  'ViewChannel',
  'SendMessages',
  'ReadMessageHistory',
  'AddReactions',
  'EmbedLinks',
  'KickMembers',
  'BanMembers',
  'ModerateMembers',
  'ManageRoles',
);

/** The Moderator role: the usual moderation kit. */
export const MODERATOR_PERMISSIONS = bits(
  'KickMembers',
  'BanMembers',
  'ModerateMembers',
  'ManageRoles',
  'ManageMessages',
  'ManageNicknames',
  'ViewAuditLog',
);

/**
 * Fills `store` with the demo server. Role order, lowest first: @everyone, Member (Alice, Bob),
 * Trusted and Helper (nobody yet: roles Ery may hand out, so "give @Bob the Helper role" works with
 * the demo model), Ery (managed, the bot's), Moderator (Max). So Ery can moderate ordinary members
 * but not Max or the owner, as on a real server where the bot's role sits below the human
 * moderators. #mod-log is hidden from @everyone. #help is a forum: questions are its posts.
 */
export function seedDemo(store: StateStore, now: number): DemoIds {
  const ids = DEMO_IDS;
  const { users, roles, channels } = ids;
  const people: Array<[string, string, string, boolean]> = [
    [users.owner, 'olivia', 'Olivia (owner)', false],
    [users.moderator, 'max', 'Max (moderator)', false],
    [users.alice, 'alice', 'Alice', false],
    [users.bob, 'bob', 'Bob', false],
    [users.ery, 'Ery', 'Ery', true],
  ];
  for (const [id, username, globalName, bot] of people) {
    store.putUser({ id, username, globalName: bot ? null : globalName, bot });
  }
  store.putGuild({
    id: ids.guildId,
    name: 'Ery Playground',
    ownerId: users.owner,
    systemChannelId: channels.general,
    createdAt: 1_704_067_200_000,
  });
  const role = (id: string, name: string, position: number, permissions: bigint, color = 0) => ({
    id,
    guildId: ids.guildId,
    name,
    color,
    hoist: position > 2,
    position,
    permissions,
    managed: false,
    mentionable: false,
  });
  store.putRole(role(roles.everyone, '@everyone', 0, DEFAULT_EVERYONE_PERMISSIONS));
  store.putRole(role(roles.member, 'Member', 1, 0n, 0x95a5a6));
  store.putRole(role(roles.trusted, 'Trusted', 2, 0n, 0x2ecc71));
  store.putRole(role(roles.helper, 'Helper', 3, 0n, 0x1abc9c));
  store.putRole({
    ...role(roles.ery, 'Ery', 4, ERY_ROLE_PERMISSIONS, 0x5865f2),
    managed: true,
    botId: users.ery,
  });
  store.putRole({
    ...role(roles.moderator, 'Moderator', 5, MODERATOR_PERMISSIONS, 0xe67e22),
    mentionable: true,
  });

  const memberRoles: Array<[string, string[]]> = [
    [users.owner, []],
    [users.moderator, [roles.moderator]],
    [users.alice, [roles.member]],
    [users.bob, [roles.member]],
    [users.ery, [roles.ery]],
  ];
  for (const [userId, roleIds] of memberRoles) {
    store.putMember({
      guildId: ids.guildId,
      userId,
      nick: null,
      roleIds,
      joinedAt: now,
      communicationDisabledUntil: null,
    });
  }

  const hidden: Overwrite[] = [
    { id: roles.everyone, type: 0, allow: 0n, deny: bits('ViewChannel') },
    { id: roles.moderator, type: 0, allow: bits('ViewChannel', 'SendMessages'), deny: 0n },
    { id: roles.ery, type: 0, allow: bits('ViewChannel', 'SendMessages'), deny: 0n },
  ];
  const channel = (
    id: string,
    name: string,
    position: number,
    topic: string,
    overwrites: Overwrite[] = [],
    type: 0 | 15 = 0,
  ) =>
    store.putChannel({
      id,
      guildId: ids.guildId,
      name,
      type,
      position,
      topic,
      overwrites,
      lastMessageId: null,
    });
  channel(channels.general, 'general', 0, 'Say hi to Ery');
  channel(channels.random, 'random', 1, 'Anything goes');
  channel(channels.modLog, 'mod-log', 2, 'Moderation actions, for moderators', hidden);
  channel(channels.help, 'help', 3, 'Ask a question: one post per question', [], 15);
  return ids;
}
