import type { DiscordActions, MemberInfo } from '../../discord/port.ts';
import type { GuildPolicy } from '../../domain/guild-policy.ts';
import type { ChatMessage } from '../../domain/message.ts';
import type { CallScope } from '../authorise.ts';
import { Denial } from '../decision.ts';
import { lookup } from './lookup.ts';
import { mayRequest, PERMISSION_LABELS } from './permissions.ts';
import type { ModerationTool } from './ranks.ts';

/** The human behind a moderation call: the message that asked and its author as a member. */
export interface Requester {
  message: ChatMessage;
  member: MemberInfo;
}

/**
 * Finds who asked for a moderation call and proves they may: the cited message (`requestedBy`, the
 * call's `requested_by_message_id`) must be in this turn's batch, in this channel, address Ery, and
 * come from a human member who holds the tool's permission (or a granted role). With no cited
 * message the call is autonomous and must fit the guild's autonomous policy. Resolves to the
 * requester, null for an allowed autonomous call, or a {@link Denial}. Rejects only on abort.
 */
export async function resolveRequester(
  tool: ModerationTool,
  input: Record<string, unknown>,
  requestedBy: string | null,
  scope: CallScope,
  policy: GuildPolicy,
  actions: DiscordActions,
): Promise<Requester | null | Denial> {
  if (requestedBy === null) return checkAutonomous(tool, input, policy);
  const messageId = requestedBy;
  const message = scope.batch.find((candidate) => candidate.id === messageId);
  if (message === undefined) {
    return new Denial(
      `message ${messageId} is not one of the messages of this turn; ${tool.name} must cite the message in which a member asked Ery for it`,
    );
  }
  if (message.guildId !== scope.guildId || message.channelId !== scope.channelId) {
    return new Denial(
      `message ${messageId} is not from this channel, so it cannot request ${tool.name} here`,
    );
  }
  if (message.event !== undefined) {
    // Issue 7: a system message (a pin, an AutoMod alert authored by the offender) is no one asking.
    return new Denial(
      `message ${messageId} is a Discord system message (${message.event.action}), not a member asking Ery, so it cannot request ${tool.name}`,
    );
  }
  if (!message.mentionsBot) {
    return new Denial(
      `message ${messageId} by ${message.author.name} does not address Ery (no mention, not a reply to Ery), so it is not a request to Ery`,
    );
  }
  if (message.author.bot || message.author.id === actions.botUserId) {
    return new Denial(
      `message ${messageId} was written by a bot; only human members can request ${tool.name}`,
    );
  }
  const member = await lookup(
    scope.signal,
    () => actions.getMember({ guildId: scope.guildId, userId: message.author.id }, scope.signal),
    { codes: ['UNKNOWN_MEMBER'], reason: `${message.author.name} is no longer a member of this server` },
  );
  if (member instanceof Denial) return member;
  if (!mayRequest(member, tool.rule, policy)) {
    const permission = PERMISSION_LABELS[tool.rule.discordPermission];
    return new Denial(
      `${message.author.name} may not request ${tool.name}: it needs the ${permission} permission, or a role this server grants ${tool.name} to`,
      { rule: 'REQUESTER_LACKS_PERMISSION', permission },
    );
  }
  return { message, member };
}

/** An autonomous call (no requester): null when the guild's autonomous policy allows it. */
function checkAutonomous(
  tool: ModerationTool,
  input: Record<string, unknown>,
  policy: GuildPolicy,
): Denial | null {
  const nobody = `no member requested this ${tool.name} (requested_by_message_id is null)`;
  if (!policy.autonomous.enabled) {
    return new Denial(
      `${nobody} and this server has not enabled autonomous moderation; a moderator must ask Ery for it`,
    );
  }
  const limits = policy.autonomous.tools[tool.rule.policyKey];
  if (limits === undefined) {
    return new Denial(`${nobody} and this server does not allow Ery to use ${tool.name} on its own`);
  }
  // The rule's key and the limits' key are the same by construction; TypeScript cannot correlate them.
  const autonomousLimit = tool.rule.autonomousLimit as (input: unknown, limits: unknown) => string | null;
  const over = autonomousLimit.call(tool.rule, input, limits);
  return over === null
    ? null
    : new Denial(`${nobody} and it exceeds this server's autonomous limit: ${over}`);
}
