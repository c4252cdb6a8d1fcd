/** A person joining a guild: the member record and GUILD_MEMBER_ADD, as Discord sends it. */
import { Errors } from '../errors.ts';
import { Intents } from '../gateway.ts';
import type { MemberRecord } from '../records.ts';
import { apiMember } from '../serialize.ts';
import { type ActionContext, eventUser, requireGuild } from './context.ts';

/** Who joins: a known user by `userId`, or a new one made from `username` (and `bot`). */
export type JoinInput = { guildId: string } & (
  | { userId: string }
  | { username: string; globalName?: string | null; bot?: boolean }
);

/**
 * Makes a user a member of `guildId` (creating the user when `username` is given), with no roles,
 * joined now. Dispatches GUILD_MEMBER_ADD (`guild_id`, the member and its `user`, like Discord) to
 * the sessions with the GuildMembers intent and emits `member.joined`. A user already a member is
 * returned as they are, with nothing sent. Throws 10004 for an unknown guild, 10013 for an unknown user.
 */
export function joinGuild(ctx: ActionContext, input: JoinInput): MemberRecord {
  const { guildId } = input;
  requireGuild(ctx, guildId);
  let userId: string;
  if ('userId' in input) {
    userId = input.userId;
    if (!ctx.store.user(userId)) throw Errors.unknownUser();
  } else {
    userId = ctx.ids.next();
    ctx.store.putUser({
      id: userId,
      username: input.username,
      globalName: input.globalName ?? null,
      bot: input.bot ?? false,
    });
  }
  const existing = ctx.store.member(guildId, userId);
  if (existing) return existing;
  const member: MemberRecord = {
    guildId,
    userId,
    nick: null,
    roleIds: [],
    joinedAt: ctx.now(),
    communicationDisabledUntil: null,
  };
  ctx.store.putMember(member);
  ctx.gateway.dispatch({
    t: 'GUILD_MEMBER_ADD',
    guildId,
    intent: Intents.GuildMembers,
    aboutUserId: userId,
    build: () => ({ guild_id: guildId, ...apiMember(ctx.store, member) }),
  });
  ctx.events.emit({
    type: 'member.joined',
    actorId: userId,
    guildId,
    channelId: null,
    target: eventUser(ctx, guildId, userId),
  });
  return member;
}
