import { callKey, type PlannedCall, type PriorCalls, type ToolOutcome } from './conversation.ts';
import { outcomeLine, quote, sentence, signed, verbPhrase } from './outcome.ts';
import { DEFAULT_TIMEOUT_SECONDS, type DemoRequest } from './requests.ts';
import { resolveRole } from './roles.ts';

/** What the planner needs to know about the tools on offer. */
export interface TurnTools {
  offered(name: string): boolean;
  /** Arguments of a reply_to_message call, in the tool's own field names. */
  replyArgs(messageId: string, content: string): Record<string, unknown>;
}

/** The moderation tools' `reason` field takes at most this many characters (src/tools/fields.ts). */
const MAX_REASON = 400;
const NO_REASON = 'no reason given';

/** One request worked out as far as the results so far allow: its moderation calls and its answer. */
interface RequestPlan {
  request: DemoRequest;
  calls: PlannedCall[];
  lines: string[];
}

/**
 * The next calls of the demo model's moderation work, in three rounds over the agent loop: look up
 * each member (and the server's roles when a role is named), then call the moderation tool for each
 * member as the requester asked, then reply to each request with how it ended. Each round is what
 * the earlier rounds left undone, read from `prior`; an empty list means the work is over.
 */
export function nextModerationCalls(
  requests: DemoRequest[],
  prior: PriorCalls,
  tools: TurnTools,
): PlannedCall[] {
  const pending = (calls: PlannedCall[]) => {
    const seen = new Set<string>();
    return calls.filter((call) => {
      const key = callKey(call.name, call.args);
      if (seen.has(key) || prior.has(key) || !tools.offered(call.name)) return false;
      seen.add(key);
      return true;
    });
  };
  const lookups = pending(requests.flatMap(lookupsOf));
  if (lookups.length > 0) return lookups;
  const plans = requests.map((request) => planRequest(request, prior));
  const actions = pending(plans.flatMap((plan) => plan.calls));
  if (actions.length > 0) return actions;
  return pending(
    plans.map((plan) => ({
      name: 'reply_to_message',
      args: tools.replyArgs(plan.request.line.id, signed(plan.lines)),
    })),
  );
}

const memberLookup = (userId: string): PlannedCall => ({
  name: 'get_member_info',
  args: { user_id: userId },
});
const ROLES_LOOKUP: PlannedCall = { name: 'get_server_stats', args: {} };
const resultOf = (prior: PriorCalls, call: PlannedCall) => prior.get(callKey(call.name, call.args));

function lookupsOf(request: DemoRequest): PlannedCall[] {
  if (request.problem !== null) return [];
  const members = request.userIds.map(memberLookup);
  return request.parsed.role === undefined ? members : [ROLES_LOOKUP, ...members];
}

function planRequest(request: DemoRequest, prior: PriorCalls): RequestPlan {
  const { parsed, line } = request;
  if (request.problem !== null) return { request, calls: [], lines: [sentence(request.problem)] };
  let role: { id: string; name: string } | undefined;
  if (parsed.role !== undefined) {
    const found = resolveRole(parsed.role, resultOf(prior, ROLES_LOOKUP));
    if (typeof found === 'string') return { request, calls: [], lines: [sentence(quote(found))] };
    role = found;
  }
  const durationSeconds =
    parsed.action !== 'timeout_member'
      ? undefined
      : parsed.duration?.kind === 'valid'
        ? parsed.duration.seconds
        : DEFAULT_TIMEOUT_SECONDS;
  const calls: PlannedCall[] = [];
  const lines = request.userIds.map((userId) => {
    const member = resultOf(prior, memberLookup(userId));
    const report = {
      action: parsed.action,
      member: nameOf(userId, member),
      ...(role === undefined ? {} : { role: role.name }),
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      reason: parsed.reason,
    };
    // A lookup refused (DENIED) means the id is not a member here, whether they left, were kicked or
    // banned: the tool would refuse them the same way, with an id-only message.
    if (member?.ok === false && member.code === 'DENIED')
      return sentence(
        `Nothing to do: ${userId} is not a member of this server (any more), so I can't ${verbPhrase({ ...report, member: 'them' })}`,
      );
    if (member !== undefined && !member.ok) return outcomeLine(report, member);
    // Discord answers 204 whether or not the member had the role, so "Took the role" would be said
    // of a change that never happened: the lookup tells which it is.
    if (role !== undefined && member?.ok) {
      const has = hasRole(member.result, role.id);
      if (parsed.action === 'remove_role' && !has)
        return sentence(`Nothing to do: ${report.member} does not have the ${quote(role.name)} role`);
      if (parsed.action === 'add_role' && has)
        return sentence(`Nothing to do: ${report.member} already has the ${quote(role.name)} role`);
    }
    const call: PlannedCall = {
      name: parsed.action,
      args: {
        user_id: userId,
        ...(role === undefined ? {} : { role_id: role.id }),
        ...(durationSeconds === undefined ? {} : { duration_seconds: durationSeconds }),
        reason: (parsed.reason ?? NO_REASON).slice(0, MAX_REASON),
        requested_by_message_id: line.id,
      },
    };
    calls.push(call);
    const outcome = resultOf(prior, call);
    // The authorisation refuses anyone acting on themselves; said to the requester in their words.
    if (outcome?.ok === false && outcome.rule === 'SELF_TARGET')
      return sentence(`You can't ask me to ${verbPhrase({ ...report, member: 'yourself' })}`);
    return outcomeLine(report, outcome);
  });
  return { request, calls, lines };
}

function hasRole(member: Record<string, unknown>, roleId: string): boolean {
  const roles = Array.isArray(member.roles) ? (member.roles as Array<{ id?: unknown }>) : [];
  return roles.some((entry) => entry?.id === roleId);
}

function nameOf(userId: string, member: ToolOutcome | undefined): string {
  const name = member?.ok ? member.result.display_name : undefined;
  return typeof name === 'string' && name !== '' ? quote(name) : `user ${userId}`;
}
