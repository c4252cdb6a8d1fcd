/**
 * The playground's world in memory: users, guilds, roles, channels, members, messages, bans and the
 * audit log. {@link PlaygroundState} is the read-only face handed to tests and the web chat;
 * {@link StateStore} adds the mutators the server's actions use. Every mutator reports the record it
 * changed to a {@link StateJournal}, which is how a saved playground (./storage) keeps its file.
 */

import type {
  AuditLogRecord,
  BanRecord,
  ChannelRecord,
  GuildRecord,
  MemberRecord,
  MessageRecord,
  RoleRecord,
  UserRecord,
} from './records.ts';
import { compareSnowflakes } from './snowflake.ts';

/** Read access to everything the playground holds. Returned records must not be mutated. */
export interface PlaygroundState {
  user(id: string): Readonly<UserRecord> | undefined;
  users(): ReadonlyArray<Readonly<UserRecord>>;
  guild(id: string): Readonly<GuildRecord> | undefined;
  guilds(): ReadonlyArray<Readonly<GuildRecord>>;
  channel(id: string): Readonly<ChannelRecord> | undefined;
  /** The DM channel between two users (type 1), if they have one. */
  directChannel(userId: string, otherId: string): Readonly<ChannelRecord> | undefined;
  /** A guild's channels by position: text and forum channels, never threads (see {@link threads}). */
  channels(guildId: string): ReadonlyArray<Readonly<ChannelRecord>>;
  /** A guild's threads and forum posts, oldest first, archived ones included. */
  threads(guildId: string): ReadonlyArray<Readonly<ChannelRecord>>;
  role(id: string): Readonly<RoleRecord> | undefined;
  /** A guild's roles, lowest position first (@everyone first). */
  roles(guildId: string): ReadonlyArray<Readonly<RoleRecord>>;
  member(guildId: string, userId: string): Readonly<MemberRecord> | undefined;
  /** A guild's members by user id. */
  members(guildId: string): ReadonlyArray<Readonly<MemberRecord>>;
  message(id: string): Readonly<MessageRecord> | undefined;
  /** A channel's messages, oldest first. */
  messages(channelId: string): ReadonlyArray<Readonly<MessageRecord>>;
  ban(guildId: string, userId: string): Readonly<BanRecord> | undefined;
  bans(guildId: string): ReadonlyArray<Readonly<BanRecord>>;
  /** A guild's audit log, oldest first. */
  auditLog(guildId: string): ReadonlyArray<Readonly<AuditLogRecord>>;
  /** The name a chat UI shows for a user in a guild: nick, else global name, else username. */
  displayName(guildId: string | null, userId: string): string;
}

/** The kinds of record the store holds; a saved playground keeps one row per record. */
export type RecordKind = 'user' | 'guild' | 'channel' | 'role' | 'member' | 'message' | 'ban' | 'audit';

/**
 * Told of every change the store makes, in order. `record` is the live object: an observer that
 * defers its work (write-behind) reads the record as it is when it runs.
 */
export interface StateJournal {
  put(kind: RecordKind, key: string, record: object): void;
  remove(kind: RecordKind, key: string): void;
}

const NO_JOURNAL: StateJournal = { put: () => {}, remove: () => {} };

/** The key a record is stored under for its kind (members and bans: `guildId:userId`). */
export const memberKey = (guildId: string, userId: string) => `${guildId}:${userId}`;

/** The mutable store behind {@link PlaygroundState}. */
export class StateStore implements PlaygroundState {
  readonly #users = new Map<string, UserRecord>();
  readonly #guilds = new Map<string, GuildRecord>();
  readonly #channels = new Map<string, ChannelRecord>();
  readonly #roles = new Map<string, RoleRecord>();
  readonly #members = new Map<string, MemberRecord>();
  readonly #messages = new Map<string, MessageRecord>();
  readonly #channelMessages = new Map<string, MessageRecord[]>();
  readonly #bans = new Map<string, BanRecord>();
  readonly #audit = new Map<string, AuditLogRecord[]>();
  #journal = NO_JOURNAL;

  /** Reports every later change to `journal` (none is reported before). */
  attach(journal: StateJournal): void {
    this.#journal = journal;
  }

  user(id: string) {
    return this.#users.get(id);
  }
  users() {
    return [...this.#users.values()];
  }
  guild(id: string) {
    return this.#guilds.get(id);
  }
  guilds() {
    return [...this.#guilds.values()];
  }
  channel(id: string) {
    return this.#channels.get(id);
  }
  directChannel(userId: string, otherId: string) {
    const pair = (c: ChannelRecord) =>
      c.recipientIds?.includes(userId) === true && c.recipientIds.includes(otherId);
    return [...this.#channels.values()].find((c) => c.type === 1 && pair(c));
  }
  channels(guildId: string) {
    return [...this.#channels.values()]
      .filter((c) => c.guildId === guildId && !c.thread)
      .sort((a, b) => a.position - b.position || compareSnowflakes(a.id, b.id));
  }
  threads(guildId: string) {
    return [...this.#channels.values()]
      .filter((c) => c.guildId === guildId && c.thread !== undefined)
      .sort((a, b) => compareSnowflakes(a.id, b.id));
  }
  role(id: string) {
    return this.#roles.get(id);
  }
  roles(guildId: string) {
    return [...this.#roles.values()]
      .filter((r) => r.guildId === guildId)
      .sort((a, b) => a.position - b.position || compareSnowflakes(b.id, a.id));
  }
  member(guildId: string, userId: string) {
    return this.#members.get(memberKey(guildId, userId));
  }
  members(guildId: string) {
    return [...this.#members.values()]
      .filter((m) => m.guildId === guildId)
      .sort((a, b) => compareSnowflakes(a.userId, b.userId));
  }
  message(id: string) {
    return this.#messages.get(id);
  }
  messages(channelId: string) {
    return this.#channelMessages.get(channelId) ?? [];
  }
  ban(guildId: string, userId: string) {
    return this.#bans.get(memberKey(guildId, userId));
  }
  bans(guildId: string) {
    return [...this.#bans.values()].filter((b) => b.guildId === guildId);
  }
  auditLog(guildId: string) {
    return this.#audit.get(guildId) ?? [];
  }
  displayName(guildId: string | null, userId: string): string {
    const user = this.#users.get(userId);
    const nick = guildId ? this.member(guildId, userId)?.nick : null;
    return nick ?? user?.globalName ?? user?.username ?? userId;
  }

  // Mutators: used by seed.ts, actions/ and a saved playground's restore only. A record edited in
  // place is put again, so the journal hears of the change.

  /** Stores `record` under `key` in `map` and tells the journal: the one way a keyed record is written. */
  #put<T extends object>(map: Map<string, T>, kind: RecordKind, key: string, record: T): void {
    map.set(key, record);
    this.#journal.put(kind, key, record);
  }
  /** Removes `key` from `map` and tells the journal; whether there was such a record. */
  #remove(map: Map<string, unknown>, kind: RecordKind, key: string): boolean {
    this.#journal.remove(kind, key);
    return map.delete(key);
  }

  putUser(user: UserRecord): void {
    this.#put(this.#users, 'user', user.id, user);
  }
  putGuild(guild: GuildRecord): void {
    this.#put(this.#guilds, 'guild', guild.id, guild);
  }
  putChannel(channel: ChannelRecord): void {
    this.#put(this.#channels, 'channel', channel.id, channel);
  }
  /** Removes a channel (a deleted thread) and its messages; whether there was one. */
  removeChannel(id: string): boolean {
    const messages = this.#channelMessages.get(id) ?? [];
    for (const m of messages) this.#remove(this.#messages, 'message', m.id);
    this.#channelMessages.delete(id);
    return this.#remove(this.#channels, 'channel', id);
  }
  putRole(role: RoleRecord): void {
    this.#put(this.#roles, 'role', role.id, role);
  }
  /** Mutable member record for in-place edits. */
  memberRecord(guildId: string, userId: string): MemberRecord | undefined {
    return this.#members.get(memberKey(guildId, userId));
  }
  putMember(member: MemberRecord): void {
    this.#put(this.#members, 'member', memberKey(member.guildId, member.userId), member);
  }
  removeMember(guildId: string, userId: string): boolean {
    return this.#remove(this.#members, 'member', memberKey(guildId, userId));
  }
  /** Mutable message record for reactions and edits. */
  messageRecord(id: string): MessageRecord | undefined {
    return this.#messages.get(id);
  }
  /** Appends a message; ids only grow, so the channel list stays ordered. */
  putMessage(message: MessageRecord): void {
    const list = this.#channelMessages.get(message.channelId) ?? [];
    list.push(message);
    this.#channelMessages.set(message.channelId, list);
    this.#put(this.#messages, 'message', message.id, message);
    const channel = this.#channels.get(message.channelId);
    if (channel) {
      channel.lastMessageId = message.id;
      this.putChannel(channel);
    }
  }
  /** Reports a change made in place to a stored message (a reaction, an edit). */
  updateMessage(message: MessageRecord): void {
    if (this.#messages.get(message.id) === message) this.#journal.put('message', message.id, message);
  }
  /**
   * Deletes messages matching `predicate`, in `channelId` only when given (a delete in one channel
   * need not read the others); returns the deleted ones, each channel's oldest first.
   */
  deleteMessages(predicate: (m: MessageRecord) => boolean, channelId?: string): MessageRecord[] {
    const deleted: MessageRecord[] = [];
    const lists =
      channelId === undefined
        ? [...this.#channelMessages]
        : [[channelId, this.#channelMessages.get(channelId) ?? []] as const];
    for (const [listId, list] of lists) {
      const kept = list.filter((m) => {
        if (!predicate(m)) return true;
        deleted.push(m);
        this.#remove(this.#messages, 'message', m.id);
        return false;
      });
      if (kept.length !== list.length) this.#channelMessages.set(listId, kept);
    }
    return deleted;
  }
  putBan(ban: BanRecord): void {
    this.#put(this.#bans, 'ban', memberKey(ban.guildId, ban.userId), ban);
  }
  removeBan(guildId: string, userId: string): boolean {
    return this.#remove(this.#bans, 'ban', memberKey(guildId, userId));
  }
  /** Appends an audit log row; ids only grow, so the guild's log stays ordered. */
  addAudit(entry: AuditLogRecord): void {
    const list = this.#audit.get(entry.guildId) ?? [];
    list.push(entry);
    this.#audit.set(entry.guildId, list);
    this.#journal.put('audit', entry.id, entry);
  }
}
