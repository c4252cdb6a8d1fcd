/**
 * Turns the playground's records into Discord API v10 JSON, with the fields discord.js reads
 * (and the ones it would miss: ids as strings, permissions as decimal strings, ISO timestamps).
 */
import type {
  BanRecord,
  ChannelRecord,
  GuildRecord,
  MemberRecord,
  RoleRecord,
  ThreadState,
  UserRecord,
} from './records.ts';
import type { PlaygroundState } from './state.ts';

// JSON shapes are Discord's, documented at discord.com/developers/docs; kept loose on purpose.
/** A Discord JSON object. */
export type Json = Record<string, unknown>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A Discord user object (the fields the playground sets). */
export interface ApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  [field: string]: unknown;
}

/** A user object. */
export function apiUser(u: Readonly<UserRecord>): ApiUser {
  return {
    id: u.id,
    username: u.username,
    discriminator: '0',
    global_name: u.globalName,
    avatar: null,
    avatar_decoration_data: null,
    banner: null,
    accent_color: null,
    public_flags: 0,
    flags: 0,
    ...(u.bot ? { bot: true } : {}),
  };
}

/** A role object. */
export function apiRole(r: Readonly<RoleRecord>): Json {
  return {
    id: r.id,
    name: r.name,
    color: r.color,
    colors: { primary_color: r.color, secondary_color: null, tertiary_color: null },
    hoist: r.hoist,
    icon: null,
    unicode_emoji: null,
    position: r.position,
    permissions: r.permissions.toString(),
    managed: r.managed,
    mentionable: r.mentionable,
    flags: 0,
    ...(r.botId ? { tags: { bot_id: r.botId } } : {}),
  };
}

/**
 * A channel object: a guild text or forum channel, or a thread (Discord's thread fields:
 * `owner_id`, `thread_metadata`, counts; no overwrites of its own, its parent's apply).
 */
export function apiChannel(c: Readonly<ChannelRecord>): Json {
  const common = {
    id: c.id,
    type: c.type,
    guild_id: c.guildId,
    name: c.name,
    nsfw: c.nsfw ?? false,
    last_message_id: c.lastMessageId,
    rate_limit_per_user: c.rateLimitPerUser ?? 0,
    parent_id: c.parentId ?? null,
    flags: 0,
  };
  if (c.thread) return { ...common, ...threadFields(c.thread) };
  return {
    ...common,
    position: c.position,
    topic: c.topic,
    ...(c.type === 15
      ? {
          available_tags: [],
          default_reaction_emoji: null,
          default_sort_order: null,
          default_forum_layout: 0,
        }
      : {}),
    permission_overwrites: c.overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow.toString(),
      deny: o.deny.toString(),
    })),
  };
}

/** The fields only a thread has. */
function threadFields(t: Readonly<ThreadState>): Json {
  return {
    owner_id: t.ownerId,
    message_count: t.messageCount,
    total_message_sent: t.messageCount,
    member_count: Math.min(t.memberIds.length, 50),
    applied_tags: [],
    thread_metadata: {
      archived: t.archived,
      locked: t.locked,
      auto_archive_duration: t.autoArchiveMinutes,
      archive_timestamp: iso(t.archiveChangedAt),
      create_timestamp: iso(t.createdAt),
      invitable: false,
    },
  };
}

/** A guild member; `withUser: false` gives the partial member Discord nests in messages. */
export function apiMember(state: PlaygroundState, m: Readonly<MemberRecord>, withUser = true): Json {
  const user = state.user(m.userId);
  return {
    ...(withUser && user ? { user: apiUser(user) } : {}),
    nick: m.nick,
    avatar: null,
    banner: null,
    roles: [...m.roleIds],
    joined_at: iso(m.joinedAt),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: iso(m.communicationDisabledUntil),
  };
}

/** A guild object; `counts` adds `approximate_*_count` like `?with_counts=true`. */
export function apiGuild(state: PlaygroundState, g: Readonly<GuildRecord>, counts = false): Json {
  const memberCount = state.members(g.id).length;
  return {
    id: g.id,
    name: g.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: g.ownerId,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    roles: state.roles(g.id).map(apiRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: g.systemChannelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_presences: null,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    nsfw: false,
    nsfw_level: 0,
    hub_type: null,
    incidents_data: null,
    ...(counts ? { approximate_member_count: memberCount, approximate_presence_count: 0 } : {}),
  };
}

/**
 * The GUILD_CREATE payload: the guild plus channels, members and the other lists discord.js caches.
 * `members` is what the session may see (all of them with the GUILD_MEMBERS intent, else the bot);
 * `threads` are the active threads it may see (discord.js caches thread channels from here and from
 * THREAD_CREATE only, and drops messages in a thread it has not cached).
 */
export function guildCreate(
  state: PlaygroundState,
  g: Readonly<GuildRecord>,
  members: ReadonlyArray<Readonly<MemberRecord>>,
  joinedAt: number,
  threads: ReadonlyArray<Readonly<ChannelRecord>> = [],
): Json {
  return {
    ...apiGuild(state, g),
    unavailable: false,
    large: false,
    joined_at: iso(joinedAt),
    member_count: state.members(g.id).length,
    channels: state.channels(g.id).map(apiChannel),
    threads: threads.map(apiChannel),
    members: members.map((m) => apiMember(state, m)),
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** A ban object. */
export function apiBan(state: PlaygroundState, b: Readonly<BanRecord>): Json {
  const user = state.user(b.userId);
  return { reason: b.reason, user: user ? apiUser(user) : { id: b.userId } };
}
