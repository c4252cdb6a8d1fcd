import type { DiscordWorld, WorldGuild } from '../../support/discord-world.ts';

const GUILDS = ['810000000000000001', '820000000000000001'];
const CHANNELS_PER_GUILD = 5;
const channelsOf = (guildId: string) =>
  Array.from({ length: CHANNELS_PER_GUILD }, (_, i) => (BigInt(guildId) + 100n + BigInt(i)).toString());

/** Ids of {@link loadWorld}: the bot, two members, and every channel (five in each of two servers). */
export const LOAD_IDS = {
  bot: '800000000000000001',
  alice: '800000000000000002',
  bob: '800000000000000003',
  guilds: GUILDS,
  channels: GUILDS.flatMap(channelsOf),
  /** The server a channel of this world is in. */
  guildOf: (channelId: string) => GUILDS.find((guildId) => channelsOf(guildId).includes(channelId)),
};

const CHAT = ['ViewChannel', 'SendMessages', 'ReadMessageHistory', 'AddReactions'];

function guild(id: string, n: number): WorldGuild {
  const botRole = (BigInt(id) + 1n).toString();
  return {
    id,
    name: `Load ${n}`,
    ownerId: LOAD_IDS.alice,
    roles: [
      { id, name: '@everyone', position: 0, permissions: CHAT },
      { id: botRole, name: 'Ery', position: 1, permissions: CHAT, managed: true },
    ],
    members: [
      { userId: LOAD_IDS.bot, username: 'ery', bot: true, roleIds: [botRole] },
      { userId: LOAD_IDS.alice, username: 'alice', roleIds: [] },
      { userId: LOAD_IDS.bob, username: 'bob', roleIds: [] },
    ],
    channels: channelsOf(id).map((channelId, i) => ({ id: channelId, name: `load-${i}` })),
  };
}

/** Two servers of five channels each, where Ery may chat everywhere: for load on many channels. */
export const loadWorld: DiscordWorld = {
  botUserId: LOAD_IDS.bot,
  guilds: GUILDS.map((id, i) => guild(id, i + 1)),
};
