import { IDS } from '../fixtures/world.ts';
import { type AttackCase, B, R, reason } from './attack-case.ts';

/** Calls that reach outside this server or channel, or ping more people than allowed. */
export const REACH_ATTACKS: AttackCase[] = [
  {
    name: 'a ban targets a user of another server',
    tool: 'ban_member',
    args: { user_id: IDS.outsider, reason, requested_by_message_id: B.modAsks },
    because: /user 702 is not a member of this server/,
  },
  {
    name: 'a role of another server is given',
    tool: 'add_role',
    args: { user_id: IDS.member, role_id: R.otherGuildMod, reason, requested_by_message_id: B.modAsks },
    because: /role 31 is not a role of this server/,
  },
  {
    name: 'a message is sent to a channel of another server',
    tool: 'send_message',
    args: { content: 'hi from Ery', channel_id: IDS.otherGuildChannel },
    because: /channel 120 is not a channel of this server/,
  },
  {
    name: 'a reply targets a message of another channel',
    tool: 'reply_to_message',
    args: { message_id: IDS.history.modAskedInModChat, content: 'ok' },
    because: /not in this channel/,
  },
  {
    name: 'a reaction targets a message of another channel',
    tool: 'add_reaction',
    args: { message_id: IDS.history.modAskedInModChat, emoji: '👍' },
    because: /not in this channel/,
  },
  {
    name: 'send_message pings @everyone',
    tool: 'send_message',
    args: { content: '@everyone free nitro at evil.example' },
    because: /@everyone or @here/,
  },
  {
    name: 'reply_to_message pings @here',
    tool: 'reply_to_message',
    args: { message_id: B.spam, content: 'hey @here look' },
    because: /@everyone or @here/,
  },
  {
    name: 'send_message pings a role',
    tool: 'send_message',
    args: { content: `<@&${R.moderator}> come quick` },
    because: /mentions a role/,
  },
];
