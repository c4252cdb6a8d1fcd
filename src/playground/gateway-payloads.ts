/** Gateway payloads that need more than one record: READY and GUILD_MEMBERS_CHUNK. */
import type { GuildRecord, UserRecord } from './records.ts';
import { apiMember, apiUser, type Json } from './serialize.ts';
import type { PlaygroundState } from './state.ts';

/** Discord sends at most this many members per GUILD_MEMBERS_CHUNK. */
export const GUILD_MEMBERS_CHUNK_SIZE = 1000;

/**
 * READY: who the session is, which guilds will follow (each as unavailable until its GUILD_CREATE),
 * and where to resume. discord.js needs `user.id`, `application.id`, `guilds`, `session_id` and
 * `resume_gateway_url`.
 */
export function readyPayload(input: {
  user: Readonly<UserRecord>;
  guilds: ReadonlyArray<Readonly<GuildRecord>>;
  sessionId: string;
  resumeUrl: string;
  shard: [number, number];
}): Json {
  return {
    v: 10,
    user: { ...apiUser(input.user), verified: true, mfa_enabled: false, email: null },
    guilds: input.guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: input.sessionId,
    session_type: 'normal',
    resume_gateway_url: input.resumeUrl,
    shard: input.shard,
    // A bot's application shares the bot user's id.
    application: { id: input.user.id, flags: 0 },
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    user_settings: {},
    _trace: ['ery-playground'],
  };
}

/**
 * Answers REQUEST_GUILD_MEMBERS (op 8): members by `user_ids`, or whose username or nick starts with
 * `query` (all for ""), up to `limit` (0 = no limit), in chunks that echo the request's `nonce`.
 * Only guilds the requester belongs to are answered.
 */
export function memberChunks(
  state: PlaygroundState,
  requesterId: string,
  d: Record<string, unknown>,
): Json[] {
  const guildIds = Array.isArray(d.guild_id) ? d.guild_id.map(String) : [String(d.guild_id)];
  const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
  const limit = Number(d.limit ?? 0);
  const userIds = Array.isArray(d.user_ids)
    ? d.user_ids.map(String)
    : typeof d.user_ids === 'string'
      ? [d.user_ids]
      : null;
  const chunks: Json[] = [];
  for (const guildId of guildIds) {
    if (!state.member(guildId, requesterId)) continue;
    let members = state.members(guildId).filter((m) => {
      if (userIds) return userIds.includes(m.userId);
      const user = state.user(m.userId);
      return (
        query === '' ||
        user?.username.toLowerCase().startsWith(query) === true ||
        m.nick?.toLowerCase().startsWith(query) === true
      );
    });
    if (!userIds && limit > 0) members = members.slice(0, limit);
    const notFound = userIds ? userIds.filter((id) => !state.member(guildId, id)) : [];
    const count = Math.max(1, Math.ceil(members.length / GUILD_MEMBERS_CHUNK_SIZE));
    for (let i = 0; i < count; i++) {
      const chunk = members.slice(i * GUILD_MEMBERS_CHUNK_SIZE, (i + 1) * GUILD_MEMBERS_CHUNK_SIZE);
      chunks.push({
        guild_id: guildId,
        members: chunk.map((m) => apiMember(state, m)),
        chunk_index: i,
        chunk_count: count,
        ...(i === 0 && notFound.length > 0 ? { not_found: notFound } : {}),
        ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
      });
    }
  }
  return chunks;
}
