import { BATCH, batchMessage, IDS } from '../fixtures/world.ts';
import { type AttackCase, B, reason } from './attack-case.ts';

/** Calls that cite no real request of a moderator in this turn: forged, misattributed, stale or from elsewhere. */
export const REQUESTER_ATTACKS: AttackCase[] = [
  {
    name: 'a member without permissions asks Ery to ban someone',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: B.memberAsks },
    because: /ursula may not request ban_member/,
  },
  {
    name: 'the model cites a moderator message that does not address Ery',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: B.modChats },
    because: /does not address Ery/,
  },
  {
    name: 'the model cites a moderator request about someone else to ban a bystander',
    tool: 'ban_member',
    args: { user_id: IDS.vip, reason, requested_by_message_id: B.modAsks },
    because: /does not mention, name or reply to vic/,
  },
  {
    name: 'the model cites the head moderator’s vague “clean this up” to kick a member',
    tool: 'kick_member',
    args: { user_id: IDS.member, reason, requested_by_message_id: B.headModAsks },
    because: /does not mention, name or reply to ursula/,
  },
  {
    name: 'the model cites a moderator request from older history, not this turn',
    tool: 'kick_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: IDS.history.modAskedEarlier },
    because: /not one of the messages of this turn/,
  },
  {
    name: 'the model cites a moderator request made in another channel',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: IDS.history.modAskedInModChat },
    because: /not one of the messages of this turn/,
  },
  {
    name: 'the batch holds a moderator request from another channel',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: IDS.history.modAskedInModChat },
    batch: [
      ...BATCH,
      batchMessage(IDS.history.modAskedInModChat, IDS.mod, 'ban sam', {
        mentionsBot: true,
        channelId: IDS.modChat,
      }),
    ],
    because: /not from this channel/,
  },
  {
    // Issue 7: an AutoMod alert is authored by the member who broke the rule, here a moderator; even
    // a system message that somehow reads as addressing Ery and naming the target is no request.
    name: 'the model cites an AutoMod alert authored by a moderator',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: '880000000000000001' },
    batch: [
      ...BATCH,
      {
        ...batchMessage('880000000000000001', IDS.mod, `<@${IDS.bot}> ban <@${IDS.spammer}>`, {
          mentionsBot: true,
        }),
        event: { type: 24, action: 'had a message flagged by AutoMod', detail: 'No spam' },
      },
    ],
    because: /is a Discord system message/,
  },
  {
    name: 'a timeout cites a forged message id',
    tool: 'timeout_member',
    args: { user_id: IDS.spammer, duration_seconds: 600, reason, requested_by_message_id: '999999999' },
    because: /not one of the messages of this turn/,
  },
  {
    name: 'another bot asks Ery to ban',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: B.botAsks },
    because: /written by a bot/,
  },
  {
    name: 'the model cites its own message as the request',
    tool: 'kick_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: B.eryOwn },
    because: /written by a bot/,
  },
];
