/**
 * The benchmark's Discord world: `channels` text channels spread over servers of at most 500 (Discord's
 * own cap), the bot and one person who posts everything, in every server. The same world seeds the
 * playground for the bare client and for Ery, so both read the same GUILD_CREATEs.
 */
import type { PlaygroundSeeder } from '../../src/playground/index.ts';
import { seedWorld } from '../../test/e2e/support/seed-world.ts';
import type { DiscordWorld, WorldGuild } from '../../test/support/discord-world.ts';

/** Discord's limit of channels in one server. */
export const CHANNELS_PER_GUILD = 500;

const BOT = '900000000000000001';
const PERSON = '900000000000000002';
const GUILD_BASE = 910_000_000_000_000_000n;
const CHAT = ['ViewChannel', 'SendMessages', 'ReadMessageHistory', 'AddReactions'];

/** The ids of a bench world. */
export interface BenchWorld {
  botId: string;
  /** The one person who posts. */
  personId: string;
  guildIds: string[];
  /** Every channel, in server order. */
  channelIds: string[];
  seed: PlaygroundSeeder;
}

const guildId = (index: number) => (GUILD_BASE + BigInt(index) * 1_000_000n).toString();
const channelId = (guild: string, index: number) => (BigInt(guild) + 1_000n + BigInt(index)).toString();

function guild(id: string, channels: number, index: number): WorldGuild {
  const botRole = (BigInt(id) + 1n).toString();
  return {
    id,
    name: `Bench ${index + 1}`,
    ownerId: PERSON,
    roles: [
      { id, name: '@everyone', position: 0, permissions: CHAT },
      { id: botRole, name: 'Ery', position: 1, permissions: CHAT, managed: true },
    ],
    members: [
      { userId: BOT, username: 'ery', bot: true, roleIds: [botRole] },
      { userId: PERSON, username: 'sender', roleIds: [] },
    ],
    channels: Array.from({ length: channels }, (_, i) => ({ id: channelId(id, i), name: `bench-${i}` })),
  };
}

/** A world of `channels` channels (at least one server), for `startPlayground({ seed })`. */
export function benchWorld(channels: number): BenchWorld {
  const guildCount = Math.max(1, Math.ceil(channels / CHANNELS_PER_GUILD));
  const guilds = Array.from({ length: guildCount }, (_, index) => {
    const size = Math.min(CHANNELS_PER_GUILD, channels - index * CHANNELS_PER_GUILD);
    return guild(guildId(index), Math.max(0, size), index);
  });
  const world: DiscordWorld = { botUserId: BOT, guilds };
  return {
    botId: BOT,
    personId: PERSON,
    guildIds: guilds.map((g) => g.id),
    channelIds: guilds.flatMap((g) => g.channels.map((channel) => channel.id)),
    seed: seedWorld(world),
  };
}

/** The server of a channel of a bench world. */
export function guildOfChannel(channel: string): string {
  const offset = (BigInt(channel) - GUILD_BASE) / 1_000_000n;
  return guildId(Number(offset));
}
