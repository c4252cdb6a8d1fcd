import type { DiscordActions } from '../discord/port.ts';
import type { GuildPolicy } from '../domain/guild-policy.ts';
import type { ChatMessage } from '../domain/message.ts';
import { type Decision, Denial, describeError } from './decision.ts';
import type { ModerationRule, Tool } from './define-tool.ts';
import { checkChannelReach } from './rules/channel-viewers.ts';
import { directMessageDenial } from './rules/direct-message.ts';
import { lookup } from './rules/lookup.ts';
import { mentionViolation } from './rules/mentions.ts';
import { checkRanks } from './rules/ranks.ts';
import { checkRequestNamesTarget } from './rules/request-names-target.ts';
import { resolveRequester } from './rules/requester.ts';
import { resolveTargets } from './rules/targets.ts';

/** Where a call is judged: the thread's guild and channel, the messages of this turn, its abort signal. */
export interface CallScope {
  guildId: string;
  channelId: string;
  batch: readonly ChatMessage[];
  signal: AbortSignal;
}

/** A call that passed the parse stage: its validated input and the message it cites as the request. */
export interface ParsedCall {
  input: Record<string, unknown>;
  /** `requested_by_message_id`, read once by the parse stage; null for none. */
  requestedBy: string | null;
}

/**
 * The authorisation stage of a tool call (stage 2 of 4: parse, authorise, run, audit). Decides
 * whether a validated call may run, reading what it needs through `actions` (reads only). In order:
 * 0. in a direct message, moderation tools and the tools that read a server are refused
 *    (./rules/direct-message.ts);
 * 1. mass mentions in `content` the guild does not allow (./rules/mentions.ts);
 * 2. for moderation tools, who asked and whether they may, or the guild's autonomous policy
 *    (./rules/requester.ts);
 * 3. every id resolved inside the thread's guild and channel (./rules/targets.ts); another channel
 *    read by an information tool through `channel_id` must be within the tool's reach and viewable
 *    by every member asking
 *    (./rules/channel-viewers.ts);
 * and for moderation tools:
 * 4. Ery's permission and the role hierarchy (./rules/ranks.ts);
 * 5. last, so rank and permission are reported first: the request names its target
 *    (./rules/request-names-target.ts).
 * Each check returns a {@link Denial} instead of throwing. Fails closed: anything unexpected denies.
 * Rejects only when `scope.signal` is aborted.
 */
export async function authorise(
  tool: Tool,
  call: ParsedCall,
  scope: CallScope,
  policy: GuildPolicy,
  actions: DiscordActions,
): Promise<Decision> {
  try {
    const inDm = directMessageDenial(tool, scope.guildId);
    if (inDm !== null) return inDm;
    const { input } = call;
    const violation = typeof input.content === 'string' ? mentionViolation(input.content, policy) : null;
    if (violation !== null) return new Denial(violation);
    if (tool.permission.kind !== 'moderation') {
      const targets = await resolveTargets(input, scope, actions);
      if (targets instanceof Denial) return targets;
      // Reading another channel is judged by who asks; sending there (send_message) is not a read.
      if (targets.channel !== undefined && tool.category === 'information') {
        const denied = await checkChannelReach(tool.permission, targets.channel, scope, actions);
        if (denied !== null) return denied;
      }
      return { decision: 'allowed', targets, requester: null };
    }
    const moderation = { name: tool.name, rule: tool.permission as ModerationRule<Record<string, unknown>> };
    const requester = await resolveRequester(moderation, input, call.requestedBy, scope, policy, actions);
    if (requester instanceof Denial) return requester;
    const targets = await resolveTargets(input, scope, actions);
    if (targets instanceof Denial) return targets;
    const bot = await lookup(
      scope.signal,
      () => actions.getMember({ guildId: scope.guildId, userId: actions.botUserId }, scope.signal),
      { codes: [], reason: '' },
    );
    if (bot instanceof Denial) return bot;
    if (targets.member === undefined) return new Denial(`${tool.name} needs a user_id`);
    const parties = {
      guildId: scope.guildId,
      requester: requester?.member ?? null,
      bot,
      target: targets.member,
      role: targets.role,
    };
    const ranks = checkRanks(moderation, input, parties);
    if (ranks !== null) return ranks;
    if (requester !== null) {
      const unrelated = await checkRequestNamesTarget(
        tool.name,
        requester.message,
        targets.member,
        actions,
        scope.signal,
      );
      if (unrelated !== null) return unrelated;
    }
    return { decision: 'allowed', targets, requester };
  } catch (error) {
    if (scope.signal.aborted) throw error;
    return new Denial('Ery could not check this call because of an internal error; it was not carried out', {
      failure: describeError(error),
    });
  }
}
