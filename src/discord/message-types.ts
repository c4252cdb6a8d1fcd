import { type Message, MessageType } from 'discord.js';
import { clip } from '../domain/clip.ts';

/**
 * How Ery takes each Discord message type
 * (https://discord.com/developers/docs/resources/message#message-object-message-types, issue 7 §3):
 * only DEFAULT (0) and REPLY (19) are people talking. The rest are passed on as events (something
 * happened that Ery may care about: a join to welcome, a pin, an AutoMod alert) or dropped (DM-only,
 * Discord's own notices, copies of messages seen elsewhere). An event never addresses Ery, is never a
 * reply, and is never a moderation request; it is never shown as its author speaking.
 *
 * | type | name | Ery |
 * | --- | --- | --- |
 * | 0 | DEFAULT | chat (a forward is type 0 too) |
 * | 1, 2 | RECIPIENT_ADD / _REMOVE (thread members) | event |
 * | 3 | CALL (DMs only) | dropped |
 * | 4 | CHANNEL_NAME_CHANGE | event (new name) |
 * | 5 | CHANNEL_ICON_CHANGE (group DMs only) | dropped |
 * | 6 | CHANNEL_PINNED_MESSAGE | event |
 * | 7 | USER_JOIN | event |
 * | 8–11 | GUILD_BOOST, GUILD_BOOST_TIER_1–3 | event |
 * | 12 | CHANNEL_FOLLOW_ADD | event (followed channel) |
 * | 14–17 | GUILD_DISCOVERY_* | dropped (Discord's notices to admins) |
 * | 18 | THREAD_CREATED | event (thread name) |
 * | 19 | REPLY | chat, and the only reply |
 * | 20, 23 | CHAT_INPUT_COMMAND, CONTEXT_MENU_COMMAND | event (an app answered a command) |
 * | 21 | THREAD_STARTER_MESSAGE | dropped (a copy of a message of the parent channel) |
 * | 22 | GUILD_INVITE_REMINDER | dropped |
 * | 24 | AUTO_MODERATION_ACTION (authored by the offender) | event (rule name) |
 * | 25 | ROLE_SUBSCRIPTION_PURCHASE | event (tier) |
 * | 26 | INTERACTION_PREMIUM_UPSELL | dropped |
 * | 27, 28, 29, 31 | STAGE_START, _END, _SPEAKER, _TOPIC | event |
 * | 30 | STAGE_RAISE_HAND | dropped (noise) |
 * | 32 | GUILD_APPLICATION_PREMIUM_SUBSCRIPTION | dropped |
 * | 36–39 | GUILD_INCIDENT_ALERT_MODE_*, GUILD_INCIDENT_REPORT_* | event |
 * | 44 | PURCHASE_NOTIFICATION | dropped |
 * | 46 | POLL_RESULT | event (question and winner) |
 * | any other | unknown | dropped |
 */
export type MessageKind =
  | { kind: 'chat' }
  | { kind: 'event'; action: string; detail: string | null }
  | { kind: 'drop' };

/** Longest `detail` kept: thread names, rule names and the like are short. */
const MAX_DETAIL = 300;

type Describe = (message: Message) => { action: string; detail?: string | null };

const fixed =
  (action: string): Describe =>
  () => ({ action });
const withContent =
  (action: string): Describe =>
  (message) => ({ action, detail: message.content || null });

/** The value of a named field of the first embed: how Discord details AutoMod alerts and poll results. */
function embedField(message: Message, name: string): string | null {
  return message.embeds[0]?.fields.find((field) => field.name === name)?.value ?? null;
}

function firstMentionedName(message: Message): string | null {
  return message.mentions.users.first()?.displayName ?? null;
}

const EVENTS: Partial<Record<MessageType, Describe>> = {
  [MessageType.RecipientAdd]: (m) => ({
    action: 'added a member to the thread',
    detail: firstMentionedName(m),
  }),
  [MessageType.RecipientRemove]: (m) => ({
    action: 'removed a member from the thread',
    detail: firstMentionedName(m),
  }),
  [MessageType.ChannelNameChange]: withContent('renamed the channel'),
  [MessageType.ChannelPinnedMessage]: (m) => ({
    action: m.reference?.messageId ? `pinned message ${m.reference.messageId}` : 'pinned a message',
  }),
  [MessageType.UserJoin]: fixed('joined the server'),
  [MessageType.GuildBoost]: fixed('boosted the server'),
  [MessageType.GuildBoostTier1]: fixed('boosted the server; it reached Level 1'),
  [MessageType.GuildBoostTier2]: fixed('boosted the server; it reached Level 2'),
  [MessageType.GuildBoostTier3]: fixed('boosted the server; it reached Level 3'),
  [MessageType.ChannelFollowAdd]: withContent('made this channel follow an announcement channel'),
  [MessageType.ThreadCreated]: withContent('started a thread'),
  [MessageType.ChatInputCommand]: commandEvent,
  [MessageType.ContextMenuCommand]: commandEvent,
  [MessageType.AutoModerationAction]: (m) => ({
    action: 'had a message flagged by AutoMod',
    detail: embedField(m, 'rule_name'),
  }),
  [MessageType.RoleSubscriptionPurchase]: (m) => ({
    action: 'bought a role subscription',
    detail: m.roleSubscriptionData?.tierName ?? null,
  }),
  [MessageType.StageStart]: withContent('started a stage'),
  [MessageType.StageEnd]: withContent('ended the stage'),
  [MessageType.StageSpeaker]: fixed('became a stage speaker'),
  [MessageType.StageTopic]: withContent('changed the stage topic'),
  [MessageType.GuildIncidentAlertModeEnabled]: fixed('paused invites or DMs (security actions)'),
  [MessageType.GuildIncidentAlertModeDisabled]: fixed('lifted the security actions'),
  [MessageType.GuildIncidentReportRaid]: fixed('reported a raid'),
  [MessageType.GuildIncidentReportFalseAlarm]: fixed('reported a false alarm'),
  [MessageType.PollResult]: pollResultEvent,
};

function commandEvent(message: Message): { action: string; detail: string | null } {
  const user = message.interactionMetadata?.user;
  const command = message.interaction?.commandName;
  return {
    action: 'answered a command',
    detail:
      [command ? `/${command}` : null, user ? `used by ${user.displayName}` : null]
        .filter((text) => text !== null)
        .join(' ') || null,
  };
}

function pollResultEvent(message: Message): { action: string; detail: string | null } {
  const question = embedField(message, 'poll_question_text');
  const winner = embedField(message, 'victor_answer_text');
  const votes = embedField(message, 'victor_answer_votes');
  const total = embedField(message, 'total_votes');
  const result = winner
    ? `winner "${winner}"${votes && total ? ` with ${votes} of ${total} votes` : ''}`
    : 'no winner';
  return { action: 'had a poll end', detail: question ? `"${question}": ${result}` : result };
}

/** Whether `message` is chat, an event (with Ery's wording for it), or dropped; see the table above. */
export function messageKind(message: Message): MessageKind {
  if (message.type === MessageType.Default || message.type === MessageType.Reply) return { kind: 'chat' };
  const describe = message.type === null ? undefined : EVENTS[message.type];
  if (!describe) return { kind: 'drop' };
  const { action, detail } = describe(message);
  return { kind: 'event', action, detail: detail ? clip(detail, MAX_DETAIL) : null };
}
