import type {
  ChannelInfo,
  ChannelThreads,
  DiscordActions,
  GuildInfo,
  MemberInfo,
  SendMessageInput,
  SentMessage,
} from '../../src/discord/port.ts';
import {
  assertBotHolds,
  assertCanManageRole,
  assertCanModerate,
  channelInfoOf,
  fail,
  memberOf,
  roleInfo,
} from './fake-discord-rules.ts';
import { FakeDiscordState } from './fake-discord-state.ts';

export type { DiscordWorld, WorldGuild, WorldMember, WorldRole } from './discord-world.ts';

/**
 * An in-memory Discord behind OUR port (DiscordActions), for unit tests. It keeps guilds with roles
 * (position, permissions, managed), members, an owner, the bot, channels and messages per channel,
 * computes permissions and hierarchy as Discord does, and enforces Discord's own checks on writes
 * (so a bug in Ery's authoriser still meets a faithful refusal). Every call is recorded.
 */

/** The in-memory DiscordActions; see the comment at the top of this file. */
export class FakeDiscordActions extends FakeDiscordState implements DiscordActions {
  private readonly nonces = new Map<string, SentMessage>();

  async sendMessage(input: SendMessageInput, signal?: AbortSignal): Promise<SentMessage> {
    this.enter('sendMessage', input, signal);
    const channel = this.channel(input.channelId);
    const key = input.nonce === undefined ? undefined : `${channel.id}:${input.nonce}`;
    const previous = key === undefined ? undefined : this.nonces.get(key);
    if (previous) return previous; // enforce_nonce: the same message comes back
    if (input.content.length === 0 || input.content.length > 2000)
      fail('INVALID_FORM', 'Invalid Form Body', 50035);
    if (
      input.replyToId !== undefined &&
      !this.channelMessages(channel.id).some((m) => m.id === input.replyToId)
    ) {
      fail('UNKNOWN_MESSAGE', 'Unknown Message', 10008);
    }
    const sent: SentMessage = {
      id: this.id(),
      channelId: channel.id,
      content: input.content,
      createdAt: this.clock(),
    };
    this.channelMessages(channel.id).push({
      ...sent,
      author: { id: this.botUserId, name: 'Ery', bot: true },
      replyToId: input.replyToId ?? null,
    });
    if (key !== undefined) this.nonces.set(key, sent);
    return sent;
  }

  async sendTyping(input: { channelId: string }, signal?: AbortSignal): Promise<void> {
    this.enter('sendTyping', input, signal);
    this.channel(input.channelId);
  }

  async addReaction(input: { channelId: string; messageId: string; emoji: string }, signal?: AbortSignal) {
    this.enter('addReaction', input, signal);
    await this.fetchMessageUnrecorded(input.channelId, input.messageId);
  }

  async fetchMessages(input: { channelId: string; limit: number; before?: string }, signal?: AbortSignal) {
    this.enter('fetchMessages', input, signal);
    this.channel(input.channelId);
    const before = input.before === undefined ? undefined : BigInt(input.before);
    return this.channelMessages(input.channelId)
      .filter((message) => before === undefined || BigInt(message.id) < before)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, input.limit)
      .map((message) => structuredClone(message));
  }

  async fetchMessage(input: { channelId: string; messageId: string }, signal?: AbortSignal) {
    this.enter('fetchMessage', input, signal);
    return this.fetchMessageUnrecorded(input.channelId, input.messageId);
  }

  async getChannel(input: { channelId: string }, signal?: AbortSignal): Promise<ChannelInfo> {
    this.enter('getChannel', input, signal);
    return channelInfoOf(this.channel(input.channelId));
  }

  async listThreads(input: { channelId: string }, signal?: AbortSignal): Promise<ChannelThreads> {
    this.enter('listThreads', input, signal);
    const parent = this.channel(input.channelId);
    const guild = this.guild(parent.guildId);
    const active = guild.channels
      .filter((channel) => channel.parentId === parent.id)
      .map((channel) => channelInfoOf({ ...channel, guildId: guild.id }));
    return { active, archived: [] };
  }

  async startThread(
    input: { channelId: string; messageId: string; name: string },
    signal?: AbortSignal,
  ): Promise<ChannelInfo> {
    this.enter('startThread', input, signal);
    const parent = this.channel(input.channelId);
    await this.fetchMessageUnrecorded(parent.id, input.messageId);
    const thread = { id: input.messageId, name: input.name.slice(0, 100), parentId: parent.id };
    this.guild(parent.guildId).channels.push(thread);
    return channelInfoOf({ ...thread, guildId: parent.guildId });
  }

  async canView(input: { channelId: string; userId: string }, signal?: AbortSignal): Promise<boolean> {
    this.enter('canView', input, signal);
    const channel = this.channel(input.channelId);
    memberOf(this.guild(channel.guildId), input.userId);
    return channel.viewers === undefined || channel.viewers.includes(input.userId);
  }

  async getMember(input: { guildId: string; userId: string }, signal?: AbortSignal): Promise<MemberInfo> {
    this.enter('getMember', input, signal);
    return this.memberInfo(input.guildId, input.userId);
  }

  async getGuild(input: { guildId: string }, signal?: AbortSignal): Promise<GuildInfo> {
    this.enter('getGuild', input, signal);
    const guild = this.guild(input.guildId);
    return {
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId,
      memberCount: guild.members.length,
      onlineCount: null,
      channelCount: guild.channels.length,
      roles: guild.roles.map((role) => roleInfo(role)),
      createdAt: guild.createdAt ?? 1_600_000_000_000,
    };
  }

  async ban(
    input: { guildId: string; userId: string; reason: string; deleteMessageSeconds?: number },
    signal?: AbortSignal,
  ) {
    this.enter('ban', input, signal);
    const guild = this.guild(input.guildId);
    // Discord bans non-members too; members are checked against Ery's permission and rank.
    if (guild.members.some((member) => member.userId === input.userId))
      assertCanModerate(guild, this.botUserId, input.userId, 'BanMembers');
    else assertBotHolds(guild, this.botUserId, 'BanMembers');
    this.bans.get(guild.id)?.add(input.userId);
    guild.members = guild.members.filter((member) => member.userId !== input.userId);
  }

  async kick(input: { guildId: string; userId: string; reason: string }, signal?: AbortSignal) {
    this.enter('kick', input, signal);
    const guild = this.guild(input.guildId);
    assertCanModerate(guild, this.botUserId, input.userId, 'KickMembers');
    guild.members = guild.members.filter((member) => member.userId !== input.userId);
  }

  async timeout(
    input: { guildId: string; userId: string; until: number | null; reason: string },
    signal?: AbortSignal,
  ) {
    this.enter('timeout', input, signal);
    const guild = this.guild(input.guildId);
    assertCanModerate(guild, this.botUserId, input.userId, 'ModerateMembers');
    if (this.memberInfo(guild.id, input.userId).permissions.includes('Administrator')) {
      fail('MISSING_PERMISSIONS', 'Missing Permissions', 50013);
    }
    memberOf(guild, input.userId).communicationDisabledUntil = input.until;
  }

  async addRole(
    input: { guildId: string; userId: string; roleId: string; reason: string },
    signal?: AbortSignal,
  ) {
    this.enter('addRole', input, signal);
    const member = assertCanManageRole(this.guild(input.guildId), this.botUserId, input.userId, input.roleId);
    if (!member.roleIds.includes(input.roleId)) member.roleIds.push(input.roleId);
  }

  async removeRole(
    input: { guildId: string; userId: string; roleId: string; reason: string },
    signal?: AbortSignal,
  ) {
    this.enter('removeRole', input, signal);
    const member = assertCanManageRole(this.guild(input.guildId), this.botUserId, input.userId, input.roleId);
    member.roleIds = member.roleIds.filter((id) => id !== input.roleId);
  }
}
