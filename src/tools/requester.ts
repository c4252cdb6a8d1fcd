import type { DiscordActions, MemberInfo } from '../discord/port.ts';
import type { GuildPolicy } from '../domain/guild-policy.ts';
import type { ChatMessage } from '../domain/message.ts';
import type { ModerationRule } from './define-tool.ts';
import { deny, denyBy } from './errors.ts';
import { lookup } from './lookup.ts';
import { mayRequest, PERMISSION_LABELS } from './permissions.ts';

/** The human behind a moderation call: the message that asked and its author as a member. */
export interface Requester {
  message: ChatMessage;
  member: MemberInfo;
}

/** Where a moderation call happens and what Ery was shown in this turn. */
export interface RequestScope {
  guildId: string;
  channelId: string;
  batch: readonly ChatMessage[];
  signal: AbortSignal;
}

/** The value of `requested_by_message_id`: a message id, or null for an autonomous call. */
export function requestedBy(input: Record<string, unknown>): string | null {
  const value = input.requested_by_message_id;
  return typeof value === 'string' ? value : null;
}

/**
 * Finds who asked for a moderation call and proves they may: the cited message must be in this turn's
 * batch, in this channel, address Ery, come from a human member who holds the tool's permission (or a
 * granted role). With no cited message the call is autonomous and must fit the guild's autonomous policy.
 * Returns null for an allowed autonomous call; denies otherwise.
 */
export async function resolveRequester(
  tool: { name: string; rule: ModerationRule<Record<string, unknown>> },
  input: Record<string, unknown>,
  scope: RequestScope,
  policy: GuildPolicy,
  actions: DiscordActions,
): Promise<Requester | null> {
  const messageId = requestedBy(input);
  if (messageId === null) {
    checkAutonomous(tool, input, policy);
    return null;
  }
  const message = scope.batch.find((candidate) => candidate.id === messageId);
  if (message === undefined) {
    deny(
      `message ${messageId} is not one of the messages of this turn; ${tool.name} must cite the message in which a member asked Ery for it`,
    );
  }
  if (message.guildId !== scope.guildId || message.channelId !== scope.channelId) {
    deny(`message ${messageId} is not from this channel, so it cannot request ${tool.name} here`);
  }
  if (message.event !== undefined) {
    // Issue 7: a system message (a pin, an AutoMod alert authored by the offender) is no one asking.
    deny(
      `message ${messageId} is a Discord system message (${message.event.action}), not a member asking Ery, so it cannot request ${tool.name}`,
    );
  }
  if (!message.mentionsBot) {
    deny(
      `message ${messageId} by ${message.author.name} does not address Ery (no mention, not a reply to Ery), so it is not a request to Ery`,
    );
  }
  if (message.author.bot || message.author.id === actions.botUserId) {
    deny(`message ${messageId} was written by a bot; only human members can request ${tool.name}`);
  }
  const member = await lookup(
    scope.signal,
    () => actions.getMember({ guildId: scope.guildId, userId: message.author.id }, scope.signal),
    { codes: ['UNKNOWN_MEMBER'], reason: `${message.author.name} is no longer a member of this server` },
  );
  if (!mayRequest(member, tool.rule, policy)) {
    const permission = PERMISSION_LABELS[tool.rule.discordPermission];
    denyBy(
      'REQUESTER_LACKS_PERMISSION',
      `${message.author.name} may not request ${tool.name}: it needs the ${permission} permission, or a role this server grants ${tool.name} to`,
      { permission },
    );
  }
  return { message, member };
}

function checkAutonomous(
  tool: { name: string; rule: ModerationRule<Record<string, unknown>> },
  input: Record<string, unknown>,
  policy: GuildPolicy,
): void {
  const nobody = `no member requested this ${tool.name} (requested_by_message_id is null)`;
  if (!policy.autonomous.enabled) {
    deny(`${nobody} and this server has not enabled autonomous moderation; a moderator must ask Ery for it`);
  }
  const limits = policy.autonomous.tools[tool.rule.policyKey];
  if (limits === undefined) {
    deny(`${nobody} and this server does not allow Ery to use ${tool.name} on its own`);
  }
  // The rule's key and the limits' key are the same by construction; TypeScript cannot correlate them.
  const autonomousLimit = tool.rule.autonomousLimit as (input: unknown, limits: unknown) => string | null;
  const over = autonomousLimit.call(tool.rule, input, limits);
  if (over !== null) deny(`${nobody} and it exceeds this server's autonomous limit: ${over}`);
}
