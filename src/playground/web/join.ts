/**
 * `POST /chat/members`: someone new joins the server the page shows, as if they had followed an
 * invite: the playground adds the member and sends GUILD_MEMBER_ADD, so Ery can welcome them
 * (issue 12 §1). The body is validated with zod.
 */
import { z } from 'zod';
import type { Playground } from '../index.ts';
import { shownGuildId } from './chat-state.ts';
import { WebChatError } from './errors.ts';
import { readBody } from './post.ts';
import { memberViewOf } from './views.ts';
import type { MemberView } from './wire.ts';

/** Body of `POST /chat/members`. A display name as Discord bounds it: 1–32 characters once trimmed. */
export const PostMemberSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Type a name for the new member.')
    .max(32, 'A name can be at most 32 characters long.'),
  bot: z.boolean().optional(),
});

/** A username from a display name: lowercase letters, digits, `_` and `.`, as Discord's rules ask. */
const usernameOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_.]+/g, '_')
    .slice(0, 32) || 'member';

/** Makes a new person (or bot) join the shown server; returns them as the member list shows them. */
export async function joinChatMember(pg: Playground, req: Request): Promise<MemberView> {
  const body = await readBody(req, PostMemberSchema);
  const guildId = shownGuildId(pg);
  if (!guildId)
    throw new WebChatError('WEB_CHAT_NOT_READY', 'There is no server to join yet. Reload the page.');
  const member = pg.joinGuild({
    guildId,
    username: usernameOf(body.name),
    globalName: body.name,
    bot: body.bot ?? false,
  });
  const view = memberViewOf(pg.state, guildId, member.userId);
  if (!view) throw new Error(`member ${member.userId} vanished right after joining`);
  return view;
}
