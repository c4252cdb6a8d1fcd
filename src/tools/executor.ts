import { DiscordActionError } from '../discord/errors.ts';
import type { DiscordActions } from '../discord/port.ts';
import type { ToolDefinition } from '../domain/chat-turn.ts';
import type { GuildPolicy } from '../domain/guild-policy.ts';
import type { ChatMessage } from '../domain/message.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { parseArguments, rawArguments } from './arguments.ts';
import type { AuditSink } from './audit-sink.ts';
import { authorise } from './authorise.ts';
import type { Tool, ToolInvocation } from './define-tool.ts';
import { allowedMentionsFor } from './mentions.ts';
import { discordReason } from './moderation-reason.ts';
import { messageNonce } from './nonce.ts';
import { type ToolRegistry, toolRegistry } from './registry.ts';
import { discordErrorBody } from './results.ts';
import { describeError, refuse, type Verdict, verdictContent } from './verdict.ts';

/** One tool call as the model made it. */
export interface ToolCallRequest {
  id: string;
  name: string;
  /** Raw JSON text from the model. */
  arguments: string;
}

/** The agent thread a call belongs to. `batch` is the messages Ery was given in this turn. */
export interface ToolRunContext {
  threadId: string;
  guildId: string;
  channelId: string;
  step: number;
  batch: ChatMessage[];
  signal: AbortSignal;
}

/** What the executor hands back to the agent loop. */
export interface ToolCallResult {
  callId: string;
  decision: 'allowed' | 'denied' | 'invalid';
  ok: boolean;
  /** JSON text returned to the model: `{ ok: true, result }` or `{ ok: false, error: { code, message, ... } }`. */
  content: string;
}

/** The only way the model acts on Discord. */
export interface ToolExecutor {
  /** The tools offered to the model, with JSON schemas generated from their zod inputs. */
  definitions(): ToolDefinition[];
  /**
   * Validates, authorises, runs and audits one call. Resolves for every outcome (invalid, denied,
   * Discord error); rejects only with `ctx.signal`'s reason when the thread is aborted.
   */
  execute(ctx: ToolRunContext, call: ToolCallRequest): Promise<ToolCallResult>;
}

/** What the executor needs; `registry` defaults to every tool in src/tools/registry.ts. */
export interface ToolExecutorDeps {
  actions: DiscordActions;
  audit: AuditSink;
  policyFor: (guildId: string) => GuildPolicy;
  now?: () => number;
  logger?: Logger;
  registry?: ToolRegistry;
}

/** Builds the one pipeline every tool call goes through: validate → authorise → run → audit. */
export function createToolExecutor(deps: ToolExecutorDeps): ToolExecutor {
  for (const key of ['actions', 'audit', 'policyFor'] as const) {
    if (!deps?.[key]) throw new TypeError(`createToolExecutor: ${key} is required`);
  }
  const { actions, audit, policyFor } = deps;
  const registry = deps.registry ?? toolRegistry;
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? silentLogger;

  async function judgeAndRun(ctx: ToolRunContext, call: ToolCallRequest, tool: Tool): Promise<Verdict> {
    const parsed = parseArguments(tool, call.arguments);
    if (!parsed.ok) return refuse('invalid', parsed.error.message, parsed.error);
    ctx.signal.throwIfAborted();
    let policy: GuildPolicy;
    try {
      policy = policyFor(ctx.guildId);
    } catch (error) {
      return {
        ...refuse('denied', 'this server’s policy could not be loaded; nothing was done'),
        failure: describeError(error),
      };
    }
    const verdict = await authorise(tool, parsed.input, ctx, policy, actions);
    if (!verdict.allowed) {
      const { rule, permission } = verdict;
      const error = {
        code: 'DENIED',
        message: verdict.reason,
        ...(rule ? { rule } : {}),
        ...(permission ? { permission } : {}),
      };
      return { ...refuse('denied', verdict.reason, error), failure: verdict.error };
    }
    ctx.signal.throwIfAborted();
    const requester = verdict.requester
      ? { userId: verdict.requester.member.userId, name: verdict.requester.member.displayName }
      : null;
    const invocation: ToolInvocation = {
      actions,
      guildId: ctx.guildId,
      channelId: ctx.channelId,
      signal: ctx.signal,
      policy,
      targets: verdict.targets,
      requester,
      nonce: messageNonce(ctx.threadId, ctx.step, call.id),
      allowedMentions: allowedMentionsFor(policy),
      discordReason: (reason) => discordReason(reason, requester),
      now,
    };
    try {
      const result = await tool.run(parsed.input, invocation);
      return {
        decision: 'allowed',
        outcome: 'ok',
        ok: true,
        reason: null,
        result,
        error: null,
        failure: null,
      };
    } catch (error) {
      const failed: Verdict = {
        decision: 'allowed',
        outcome: 'error',
        ok: false,
        reason: null,
        result: null,
        error:
          error instanceof DiscordActionError
            ? discordErrorBody(error)
            : {
                code: 'INTERNAL',
                message: 'Ery failed while doing this; it may not have happened. Do not retry.',
              },
        failure: describeError(error),
      };
      // Aborted mid-action: the action may have reached Discord, so it is audited as allowed.
      return ctx.signal.aborted ? { ...failed, abort: error } : failed;
    }
  }

  return {
    definitions: () => registry.definitions(),
    async execute(ctx, call) {
      const started = now();
      const raw = rawArguments(call.arguments);
      const cited =
        typeof raw === 'object' && raw !== null
          ? (raw as Record<string, unknown>).requested_by_message_id
          : null;
      const requestedByMessageId = typeof cited === 'string' ? cited : null;
      const requesterId =
        requestedByMessageId === null
          ? null
          : (ctx.batch.find((message) => message.id === requestedByMessageId)?.author.id ?? null);

      const finish = (verdict: Verdict): ToolCallResult => {
        const at = now();
        try {
          audit.record({
            threadId: ctx.threadId,
            guildId: ctx.guildId,
            channelId: ctx.channelId,
            step: ctx.step,
            callId: call.id,
            tool: call.name,
            arguments: raw,
            requesterId,
            requestedByMessageId,
            decision: verdict.decision,
            reason: verdict.reason,
            outcome: verdict.outcome,
            result: verdict.result,
            error: verdict.failure ?? verdict.error?.message ?? null,
            durationMs: at - started,
            at,
          });
        } catch (error) {
          // The call is over either way; losing its audit row must be loud, not fatal.
          logger.error(
            { event: 'tool.audit_failed', err: error, tool: call.name, callId: call.id },
            'tool.audit_failed',
          );
        }
        const log = { tool: call.name, callId: call.id, threadId: ctx.threadId, decision: verdict.decision };
        if (verdict.decision === 'allowed')
          logger.info({ event: 'tool.executed', ...log, outcome: verdict.outcome }, 'tool.executed');
        else
          logger.warn(
            { event: `tool.${verdict.decision}`, ...log, reason: verdict.reason },
            `tool.${verdict.decision}`,
          );
        return {
          callId: call.id,
          decision: verdict.decision,
          ok: verdict.ok,
          content: verdictContent(verdict),
        };
      };

      const tool = registry.get(call.name);
      if (tool === undefined) {
        const names = registry.names();
        return finish(
          refuse('invalid', `there is no tool named "${call.name}"; the tools are: ${names.join(', ')}`, {
            code: 'UNKNOWN_TOOL',
            message: `there is no tool named "${call.name}"; call one of: ${names.join(', ')}`,
            tools: names,
          }),
        );
      }
      let verdict: Verdict;
      try {
        verdict = await judgeAndRun(ctx, call, tool);
      } catch (error) {
        // Before the action ran: an abort, or a bug that must not reach the model as a throw.
        const aborted = ctx.signal.aborted;
        verdict = {
          ...refuse(
            'denied',
            aborted
              ? 'the agent thread was aborted before this call ran'
              : 'Ery could not process this call because of an internal error; it was not carried out',
          ),
          failure: describeError(error),
          ...(aborted ? { abort: error } : {}),
        };
      }
      const result = finish(verdict);
      if ('abort' in verdict) throw verdict.abort;
      return result;
    },
  };
}
