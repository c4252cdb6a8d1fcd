import { DiscordActionError } from '../discord/errors.ts';
import type { DiscordActions } from '../discord/port.ts';
import type { GuildPolicy } from '../domain/guild-policy.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { citedMessageId, parseArguments, rawArguments } from './arguments.ts';
import type { AuditSink } from './audit-sink.ts';
import { authorise, type ParsedCall } from './authorise.ts';
import {
  type Decision,
  Denial,
  describeError,
  discordErrorBody,
  errorContent,
  okContent,
  refusalBody,
  type ToolErrorBody,
} from './decision.ts';
import type { Tool, ToolInvocation, ToolOutput } from './define-tool.ts';
import { discordReason } from './moderation-reason.ts';
import { messageNonce } from './nonce.ts';
import { type ToolRegistry, toolRegistry } from './registry.ts';
import { allowedMentionsFor } from './rules/mentions.ts';
import type { ToolCallRequest, ToolCallResult, ToolExecutor, ToolRunContext } from './tool-call.ts';

/** What the executor needs; `registry` defaults to every tool in src/tools/registry.ts. */
export interface ToolExecutorDeps {
  actions: DiscordActions;
  audit: AuditSink;
  policyFor: (guildId: string) => GuildPolicy;
  /** Clock, ms since the epoch. */
  now?: () => number;
  logger?: Logger;
  registry?: ToolRegistry;
  /**
   * Awaited before a call is authorised; rejects only when the call's signal aborts. Authorising
   * reads Discord's guild and member caches and Ery's own id, which exist once the client is ready,
   * and a thread resumed at start may call before that. Without it calls are authorised at once.
   */
  ready?: (signal: AbortSignal) => Promise<void>;
}

/** What running an allowed call did; a call that did not run is `skipped`. */
type Outcome =
  | { outcome: 'ok'; result: ToolOutput }
  | {
      outcome: 'error';
      error: ToolErrorBody;
      failure: string;
      /** Set when the thread was aborted mid-action: rethrown once the call is audited. */
      abort?: unknown;
    }
  | { outcome: 'skipped' };

const SKIPPED: Outcome = { outcome: 'skipped' };

/** Why a call the thread's abort stopped before its action began did not run. */
const ABORTED_BEFORE = 'the agent thread was aborted before this call ran';

/** How far one call got: the decision it runs under once its action began, and whether it is audited. */
interface Progress {
  running: Decision | null;
  audited: boolean;
}

/** The outcome of an action the thread's abort cut off: it may have reached Discord. */
function abortedWhileRunning(reason: unknown): Outcome {
  return {
    outcome: 'error',
    error: { code: 'INTERNAL', message: 'Ery stopped while doing this; it may have happened. Do not retry.' },
    failure: describeError(reason),
    abort: reason,
  };
}

/**
 * Builds the one pipeline every tool call goes through, in four stages:
 * 1. **parse**: the tool by name and the arguments by its zod schema (./arguments.ts) → `invalid`;
 * 2. **authorise**: who asked, what the ids name, the rules of rank (./authorise.ts) → `denied`;
 * 3. **run**: the tool's own `run` against Discord, its failure a typed result (./decision.ts);
 * 4. **audit**: one audit row per call, whatever happened, then the result the model reads.
 * Throws a `TypeError` when a required dependency is missing.
 */
export function createToolExecutor(deps: ToolExecutorDeps): ToolExecutor {
  for (const key of ['actions', 'audit', 'policyFor'] as const) {
    if (!deps?.[key]) throw new TypeError(`createToolExecutor: ${key} is required`);
  }
  const { actions, audit, policyFor } = deps;
  const registry = deps.registry ?? toolRegistry;
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? silentLogger;

  /** Stage 1: the tool and its arguments, or why the model must correct the call. */
  function parse(
    call: ToolCallRequest,
    requestedBy: string | null,
  ): { tool: Tool; call: ParsedCall } | Decision {
    const tool = registry.get(call.name);
    if (tool === undefined) {
      const names = registry.names();
      return {
        decision: 'invalid',
        reason: `there is no tool named "${call.name}"; the tools are: ${names.join(', ')}`,
        error: {
          code: 'UNKNOWN_TOOL',
          message: `there is no tool named "${call.name}"; call one of: ${names.join(', ')}`,
          tools: names,
        },
      };
    }
    const parsed = parseArguments(tool, call.arguments);
    if (!parsed.ok) return { decision: 'invalid', reason: parsed.error.message, error: parsed.error };
    return { tool, call: { input: parsed.input, requestedBy } };
  }

  /** Stage 3: the tool's action. A failure is a result for the model, never a throw. */
  async function run(
    ctx: ToolRunContext,
    callId: string,
    tool: Tool,
    parsed: ParsedCall,
    allowed: Extract<Decision, { decision: 'allowed' }>,
    policy: GuildPolicy,
  ): Promise<Outcome> {
    const requester = allowed.requester
      ? { userId: allowed.requester.member.userId, name: allowed.requester.member.displayName }
      : null;
    const invocation: ToolInvocation = {
      actions,
      guildId: ctx.guildId,
      channelId: ctx.channelId,
      signal: ctx.signal,
      policy,
      targets: allowed.targets,
      requester,
      nonce: messageNonce(ctx.threadId, ctx.step, callId),
      allowedMentions: allowedMentionsFor(policy),
      discordReason: (reason) => discordReason(reason, requester),
      now,
    };
    try {
      return { outcome: 'ok', result: await tool.run(parsed.input, invocation) };
    } catch (error) {
      return {
        outcome: 'error',
        error:
          error instanceof DiscordActionError
            ? discordErrorBody(error)
            : {
                code: 'INTERNAL',
                message: 'Ery failed while doing this; it may not have happened. Do not retry.',
              },
        failure: describeError(error),
        // Aborted mid-action: the action may have reached Discord, so it is audited as allowed.
        ...(ctx.signal.aborted ? { abort: error } : {}),
      };
    }
  }

  /** Stages 1 to 3 for one call: the decision and, for an allowed call, what running it did. */
  async function judgeAndRun(
    ctx: ToolRunContext,
    call: ToolCallRequest,
    requestedBy: string | null,
    progress: Progress,
  ): Promise<{ decision: Decision; outcome: Outcome }> {
    const parsed = parse(call, requestedBy);
    if ('decision' in parsed) return { decision: parsed, outcome: SKIPPED };
    ctx.signal.throwIfAborted();
    // An abort while waiting is audited as a call that did not run, like any abort before it ran.
    await deps.ready?.(ctx.signal);
    let policy: GuildPolicy;
    try {
      policy = policyFor(ctx.guildId);
    } catch (error) {
      const failure = describeError(error);
      const denial = new Denial('this server’s policy could not be loaded; nothing was done', { failure });
      return { decision: denial, outcome: SKIPPED };
    }
    const decision = await authorise(parsed.tool, parsed.call, ctx, policy, actions);
    if (decision.decision !== 'allowed') return { decision, outcome: SKIPPED };
    ctx.signal.throwIfAborted();
    progress.running = decision;
    return { decision, outcome: await run(ctx, call.id, parsed.tool, parsed.call, decision, policy) };
  }

  /** Stage 4: one audit row and one log line per call, then the result the model reads. */
  function record(
    ctx: ToolRunContext,
    call: ToolCallRequest,
    arrival: { started: number; raw: unknown; requestedBy: string | null },
    decision: Decision,
    outcome: Outcome,
    /** The log's word for a refusal, when it is not the decision's own (`skipped`). */
    refusal: string = decision.decision,
  ): ToolCallResult {
    const at = now();
    const reason = decision.decision === 'allowed' ? null : decision.reason;
    const failure =
      decision instanceof Denial
        ? (decision.detail.failure ?? null)
        : outcome.outcome === 'error'
          ? outcome.failure
          : null;
    try {
      audit.record({
        threadId: ctx.threadId,
        guildId: ctx.guildId,
        channelId: ctx.channelId,
        step: ctx.step,
        callId: call.id,
        tool: call.name,
        arguments: arrival.raw,
        requesterId: ctx.batch.find((message) => message.id === arrival.requestedBy)?.author.id ?? null,
        requestedByMessageId: arrival.requestedBy,
        decision: decision.decision,
        reason,
        outcome: outcome.outcome,
        result: outcome.outcome === 'ok' ? outcome.result : null,
        error: failure ?? reason,
        durationMs: at - arrival.started,
        at,
      });
    } catch (error) {
      // The call is over either way; losing its audit row must be loud, not fatal.
      logger.error(
        { event: 'tool.audit_failed', err: error, tool: call.name, callId: call.id },
        'tool.audit_failed',
      );
    }
    const log = { tool: call.name, callId: call.id, threadId: ctx.threadId, decision: decision.decision };
    if (decision.decision === 'allowed') {
      logger.info({ event: 'tool.executed', ...log, outcome: outcome.outcome }, 'tool.executed');
    } else {
      logger.warn({ event: `tool.${refusal}`, ...log, reason }, `tool.${refusal}`);
    }
    const ok = outcome.outcome === 'ok';
    let content: string;
    if (outcome.outcome === 'ok') content = okContent(outcome.result);
    else if (outcome.outcome === 'error') content = errorContent(outcome.error);
    else if (decision.decision === 'allowed')
      content = errorContent({ code: 'INTERNAL', message: 'the call did not run' });
    else content = errorContent(refusalBody(decision));
    return { callId: call.id, decision: decision.decision, ok, content };
  }

  /** Arrival of a call: when, its arguments as sent, and the message it says it answers. */
  const arrive = (call: ToolCallRequest) => {
    const raw = rawArguments(call.arguments);
    return { started: now(), raw, requestedBy: citedMessageId(raw) };
  };

  return {
    definitions: () => registry.definitions(),
    skip(ctx, call, reason) {
      const result = record(ctx, call, arrive(call), new Denial(reason), SKIPPED, 'skipped');
      return { ...result, content: errorContent({ code: 'SKIPPED', message: reason }) };
    },
    async execute(ctx, call) {
      const arrival = arrive(call);
      const { requestedBy } = arrival;
      const progress: Progress = { running: null, audited: false };
      // Audited the moment the thread is aborted, not when the call settles: a stop aborts every
      // thread and closes the database in one go, and a row written a turn later would be lost.
      const onAbort = () => {
        if (progress.audited) return;
        progress.audited = true;
        if (progress.running)
          record(ctx, call, arrival, progress.running, abortedWhileRunning(ctx.signal.reason));
        else
          record(
            ctx,
            call,
            arrival,
            new Denial(ABORTED_BEFORE, { failure: describeError(ctx.signal.reason) }),
            SKIPPED,
          );
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      let judged: { decision: Decision; outcome: Outcome };
      let abort: { reason: unknown } | null = null;
      try {
        judged = await judgeAndRun(ctx, call, requestedBy, progress);
        if (judged.outcome.outcome === 'error' && 'abort' in judged.outcome) {
          abort = { reason: judged.outcome.abort };
        }
      } catch (error) {
        // Before the action ran: an abort, or a bug that must not reach the model as a throw.
        if (ctx.signal.aborted) abort = { reason: error };
        const reason = ctx.signal.aborted
          ? ABORTED_BEFORE
          : 'Ery could not process this call because of an internal error; it was not carried out';
        judged = { decision: new Denial(reason, { failure: describeError(error) }), outcome: SKIPPED };
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
      }
      if (progress.audited) throw ctx.signal.reason;
      progress.audited = true;
      const result = record(ctx, call, arrival, judged.decision, judged.outcome);
      if (abort !== null) throw abort.reason;
      return result;
    },
  };
}
