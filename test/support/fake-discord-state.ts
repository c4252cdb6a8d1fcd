import type { DiscordActionError } from '../../src/discord/errors.ts';
import type { DiscordActions, HistoryMessage, MemberInfo } from '../../src/discord/port.ts';
import type { DiscordWorld, WorldGuild } from './discord-world.ts';
import { fail, memberInfoOf, type WorldChannel } from './fake-discord-rules.ts';

/** Methods that change Discord; a denied call must reach none of them. */
export const MUTATING_METHODS = [
  'sendMessage',
  'addReaction',
  'ban',
  'kick',
  'timeout',
  'addRole',
  'removeRole',
  'startThread',
] as const;
export type Method = Exclude<keyof DiscordActions, 'botUserId'>;

/** One call the fake received, with a copy of its input. */
export interface RecordedCall {
  method: Method;
  input: Record<string, unknown>;
}

/**
 * The fake Discord's world and its record: guilds, bans and messages in memory, every call recorded
 * (with a copy of its input), failures queued per method, and the lookups that answer with
 * Discord's refusals. FakeDiscordActions implements the port over it.
 */
export abstract class FakeDiscordState {
  readonly botUserId: string;
  readonly calls: RecordedCall[] = [];
  readonly guilds = new Map<string, WorldGuild>();
  readonly bans = new Map<string, Set<string>>();
  readonly messages = new Map<string, HistoryMessage[]>();
  protected readonly failures = new Map<Method, DiscordActionError[]>();
  protected nextId = 9_000_000_000_000_000_000n;
  /** The fake's clock, for created messages. */
  clock = () => 1_700_000_000_000;

  constructor(world: DiscordWorld) {
    this.botUserId = world.botUserId;
    for (const guild of structuredClone(world.guilds)) {
      this.guilds.set(guild.id, guild);
      this.bans.set(guild.id, new Set());
      for (const channel of guild.channels) this.messages.set(channel.id, []);
    }
    for (const message of structuredClone(world.messages ?? []))
      this.channelMessages(message.channelId).push(message);
  }

  /** Calls that would have changed Discord. */
  get mutations(): RecordedCall[] {
    return this.calls.filter((call) => (MUTATING_METHODS as readonly string[]).includes(call.method));
  }

  /** Makes the next call of `method` fail with `error`. */
  failNext(method: Method, error: DiscordActionError): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** Everything the port reports about a member, computed like Discord. */
  memberInfo(guildId: string, userId: string): MemberInfo {
    return memberInfoOf(this.guild(guildId), userId);
  }

  protected enter(method: Method, input: object, signal?: AbortSignal): void {
    this.calls.push({ method, input: structuredClone(input) as Record<string, unknown> });
    signal?.throwIfAborted();
    const queued = this.failures.get(method);
    const next = queued?.shift();
    if (next) throw next;
  }

  protected id(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  protected guild(guildId: string): WorldGuild {
    return this.guilds.get(guildId) ?? fail('UNKNOWN_GUILD', 'Unknown Guild', 10004);
  }

  protected channel(channelId: string): WorldChannel & { guildId: string } {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.find((candidate) => candidate.id === channelId);
      if (channel) return { ...channel, guildId: guild.id };
    }
    return fail('UNKNOWN_CHANNEL', 'Unknown Channel', 10003);
  }

  protected channelMessages(channelId: string): HistoryMessage[] {
    let list = this.messages.get(channelId);
    if (!list) {
      list = [];
      this.messages.set(channelId, list);
    }
    return list;
  }

  protected async fetchMessageUnrecorded(channelId: string, messageId: string): Promise<HistoryMessage> {
    this.channel(channelId);
    const message = this.channelMessages(channelId).find((candidate) => candidate.id === messageId);
    return message ? structuredClone(message) : fail('UNKNOWN_MESSAGE', 'Unknown Message', 10008);
  }
}
