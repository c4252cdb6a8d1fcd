import type { DiscordActions } from '../discord/port.ts';
import type { GuildPolicy } from '../domain/guild-policy.ts';
import type { ChatMessage } from '../domain/message.ts';
import type { ModerationRule, ResolvedTargets, Tool } from './define-tool.ts';
import { type DenialRule, ToolCallDenied } from './errors.ts';
import { checkModeration } from './hierarchy.ts';
import { lookup } from './lookup.ts';
import { mentionViolation } from './mentions.ts';
import { requireRequestNamesTarget } from './request-names-target.ts';
import { type Requester, resolveRequester } from './requester.ts';
import { resolveTargets } from './targets.ts';

/** Where a call is judged: the thread's guild and channel and the messages of this turn. */
export interface AuthorisationScope {
  guildId: string;
  channelId: string;
  batch: readonly ChatMessage[];
  signal: AbortSignal;
}

/** The verdict on one validated tool call. */
export type Authorisation =
  | { allowed: true; targets: ResolvedTargets; requester: Requester | null }
  | {
      allowed: false;
      /** Why, for the model and the audit log. */
      reason: string;
      /** What failed underneath when the check itself could not be made (Discord down, a bug); else null. */
      error: string | null;
      /** The rule that refused, when it is one a person-facing answer words itself (see DenialRule). */
      rule?: DenialRule;
      /** With REQUESTER_LACKS_PERMISSION: the permission the requester lacks, as Discord names it. */
      permission?: string;
    };

/**
 * Decides whether a validated call may run, fetching what it needs through `actions` (reads only).
 * Order: mass mentions in `content`; for moderation, who asked (or the autonomous policy); every id
 * resolved inside the thread's guild/channel; for moderation, Ery's permission and the hierarchy.
 * Fails closed: anything unexpected denies. Rejects only when `scope.signal` is aborted.
 */
export async function authorise(
  tool: Tool,
  input: Record<string, unknown>,
  scope: AuthorisationScope,
  policy: GuildPolicy,
  actions: DiscordActions,
): Promise<Authorisation> {
  try {
    if (typeof input.content === 'string') {
      const violation = mentionViolation(input.content, policy);
      if (violation !== null) return { allowed: false, reason: violation, error: null };
    }
    const permission = tool.permission;
    if (permission.kind !== 'moderation') {
      return { allowed: true, targets: await resolveTargets(input, scope, actions), requester: null };
    }
    const moderation = { name: tool.name, rule: permission as ModerationRule<Record<string, unknown>> };
    const requester = await resolveRequester(moderation, input, scope, policy, actions);
    const targets = await resolveTargets(input, scope, actions);
    const bot = await lookup(
      scope.signal,
      () => actions.getMember({ guildId: scope.guildId, userId: actions.botUserId }, scope.signal),
      { codes: [], reason: '' },
    );
    if (targets.member === undefined) {
      return { allowed: false, reason: `${tool.name} needs a user_id`, error: null };
    }
    checkModeration(moderation, input, {
      guildId: scope.guildId,
      requester: requester?.member ?? null,
      bot,
      target: targets.member,
      role: targets.role,
    });
    // Last, so the rules of rank and permission are reported first when they also refuse.
    if (requester !== null) {
      await requireRequestNamesTarget(tool.name, requester.message, targets.member, actions, scope.signal);
    }
    return { allowed: true, targets, requester };
  } catch (error) {
    if (error instanceof ToolCallDenied) {
      const cause = error.cause;
      return {
        allowed: false,
        reason: error.reason,
        ...(error.rule ? { rule: error.rule } : {}),
        ...(error.permission ? { permission: error.permission } : {}),
        error:
          cause === undefined
            ? null
            : cause instanceof Error
              ? `${cause.name}: ${cause.message}`
              : String(cause),
      };
    }
    if (scope.signal.aborted) throw error;
    return {
      allowed: false,
      reason: 'Ery could not check this call because of an internal error; it was not carried out',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}
