import { z } from 'zod';
import { authorWeights } from '../../src/budgets/shares.ts';
import type { ChatMessage } from '../../src/domain/message.ts';
import type { ChatResponse } from '../../src/llm/chat-model.ts';
import type { Logger } from '../../src/logger.ts';
import type { BudgetVerdict, SpentBudget } from './spend-gate.ts';
import { modelStepKey } from './step-log.ts';
import type { AgentThreadDeps, AgentThreadInput } from './types.ts';

/** Key of the budget decision taken before the model call of `step`. */
export const budgetStepKey = (threadId: string, step: number) => `${threadId}:${step}:budget`;

const Spent = z.object({ used: z.number(), limit: z.number(), refillsAt: z.number() });
/**
 * A budget decision as the step log keeps it. Shaped as a tool result (`callId` `budget`) so every
 * reader of the log (the timeline, the inspector, replay) shows it as a step without knowing about
 * budgets; `budget` carries the decision itself.
 */
const RecordedDecision = z.object({
  callId: z.literal('budget'),
  decision: z.enum(['allowed', 'denied']),
  ok: z.boolean(),
  content: z.string(),
  budget: z.object({
    stopped: z.enum(['guild', 'members']).nullable(),
    guild: Spent.nullable(),
    members: z.record(z.string(), Spent),
  }),
});

/** A budget decision that changed something: the thread stops, or members' messages are left out. */
export type BudgetDecision = z.infer<typeof RecordedDecision>['budget'];

/**
 * One thread's spend caps (issue 11 §6). Before the first model call the gate is asked about the
 * server and every human author of the batch: a spent server stops the thread before any call; a
 * spent member's messages are left out of the batch (they stay in the channel and in the history
 * later threads read, but this thread does not act on them), so they never block other members;
 * a batch left with nothing stops the thread. Before each later call a thread in progress stops when
 * the server, or every member it is charged to, went over meanwhile: the step that went over
 * finishes (its tool calls run), no further model call is made. Each decision that changes
 * anything is recorded in the step log before it is acted on, so a thread that runs again (after a
 * crash) or is replayed takes the same one; a thread whose first reply is recorded without one ran
 * unrestricted, and is not asked again.
 */
export class ThreadBudget {
  /** The batch the thread acts on: the input's messages minus those left out. */
  readonly batch: ChatMessage[];
  /** Ids of the messages left out, so the history the thread reads leaves them out too. */
  readonly omitted: ReadonlySet<string>;
  /** Set when a budget stopped the thread before its first model call. */
  readonly stopped: BudgetDecision | null;
  readonly #authors: Map<string, number>;

  private constructor(
    private readonly deps: AgentThreadDeps,
    private readonly input: AgentThreadInput,
    private readonly log: Logger,
    first: BudgetDecision | null,
  ) {
    const left = new Set(Object.keys(first?.members ?? {}));
    this.batch = input.messages.filter((m) => !(left.has(m.author.id) && m.event === undefined));
    this.omitted = new Set(input.messages.filter((m) => !this.batch.includes(m)).map((m) => m.id));
    this.stopped = first?.stopped ? first : null;
    this.#authors = authorWeights(this.batch);
  }

  /** Reads or takes the decision before the first model call; announces it when it changed anything. */
  static async open(deps: AgentThreadDeps, input: AgentThreadInput, log: Logger): Promise<ThreadBudget> {
    const { threadId } = input;
    let first = readDecision(await deps.steps.get(budgetStepKey(threadId, 1)));
    if (!first && deps.spend && (await deps.steps.get(modelStepKey(threadId, 1))) === undefined) {
      const authors = [...authorWeights(input.messages).keys()];
      const verdict = await ask(deps, input.guildId, authors, log);
      first = verdict && firstDecision(verdict, input.messages);
      if (first) await record(deps, threadId, 1, first);
    }
    const budget = new ThreadBudget(deps, input, log, first);
    if (first) await budget.#announce(first);
    return budget;
  }

  /**
   * Before the model call of `step` (past the first): the decision that stops the thread, or null
   * to go on.
   */
  async before(step: number): Promise<BudgetDecision | null> {
    if (step <= 1) return this.stopped;
    const { threadId } = this.input;
    let decision = readDecision(await this.deps.steps.get(budgetStepKey(threadId, step)));
    if (!decision && this.deps.spend) {
      const verdict = await ask(this.deps, this.input.guildId, [...this.#authors.keys()], this.log);
      decision = verdict && laterDecision(verdict, [...this.#authors.keys()]);
      if (decision) await record(this.deps, threadId, step, decision);
    }
    if (decision) await this.#announce(decision);
    return decision;
  }

  /** Charges a model call really made (not a replayed reply) to the server and the batch's authors. */
  async charge(step: number, reply: ChatResponse): Promise<void> {
    if (!this.deps.spend) return;
    const { threadId, guildId, channelId } = this.input;
    try {
      await this.deps.spend.charge({
        threadId,
        step,
        guildId,
        channelId,
        model: reply.model,
        usage: reply.usage,
        authors: this.#authors,
      });
    } catch (error) {
      // Serving goes on; the tokens are missing from the budgets, and the log says so.
      this.log.error(
        { event: 'budget.charge_failed', step, usage: reply.usage, err: error },
        'could not record the tokens of a model call',
      );
    }
  }

  async #announce(decision: BudgetDecision): Promise<void> {
    const { threadId, guildId, channelId, messages } = this.input;
    this.log.info(
      {
        event: 'budget.applied',
        stopped: decision.stopped,
        guildSpent: decision.guild !== null,
        members: Object.keys(decision.members),
      },
      decision.stopped ? 'a spent budget stops the thread' : 'left out the messages of members over budget',
    );
    try {
      await this.deps.spend?.announce({ threadId, guildId, channelId, messages, ...decision });
    } catch (error) {
      // The decision stands; only the words are missing.
      this.log.error({ event: 'budget.announce_failed', err: error }, 'could not say that a budget is spent');
    }
  }
}

/** The gate's verdict, or null when it could not be read (then the thread goes on, logged). */
async function ask(
  deps: AgentThreadDeps,
  guildId: string,
  memberIds: string[],
  log: Logger,
): Promise<BudgetVerdict | null> {
  try {
    return (await deps.spend?.check({ guildId, memberIds })) ?? null;
  } catch (error) {
    // A meter that cannot be read must not silence Ery: it serves unmetered, and says so.
    log.error({ event: 'budget.check_failed', err: error }, 'could not read the budgets; going on');
    return null;
  }
}

function firstDecision(verdict: BudgetVerdict, messages: ChatMessage[]): BudgetDecision | null {
  if (verdict.guild) return { stopped: 'guild', guild: verdict.guild, members: {} };
  const members = verdict.members;
  if (Object.keys(members).length === 0) return null;
  const remaining = messages.filter((m) => !(m.author.id in members && m.event === undefined));
  return { stopped: remaining.length === 0 ? 'members' : null, guild: null, members };
}

function laterDecision(verdict: BudgetVerdict, authors: string[]): BudgetDecision | null {
  if (verdict.guild) return { stopped: 'guild', guild: verdict.guild, members: {} };
  const allSpent = authors.length > 0 && authors.every((id) => id in verdict.members);
  return allSpent ? { stopped: 'members', guild: null, members: verdict.members } : null;
}

async function record(deps: AgentThreadDeps, threadId: string, step: number, budget: BudgetDecision) {
  const payload: z.infer<typeof RecordedDecision> = {
    callId: 'budget',
    decision: budget.stopped ? 'denied' : 'allowed',
    ok: budget.stopped === null,
    content: describe(budget),
    budget,
  };
  await deps.steps.put(budgetStepKey(threadId, step), threadId, step, 'tool', payload);
}

function describe({ stopped, guild, members }: BudgetDecision): string {
  const spent = (budget: SpentBudget) =>
    `${budget.used} of ${budget.limit} tokens, refills ${new Date(budget.refillsAt).toISOString()}`;
  if (guild) return `the server's daily token budget is spent (${spent(guild)}); no model call`;
  const who = Object.entries(members).map(([id, budget]) => `${id} (${spent(budget)})`);
  return stopped
    ? `every member of this batch is over their hourly token budget: ${who.join(', ')}; no model call`
    : `left out the messages of members over their hourly token budget: ${who.join(', ')}`;
}

function readDecision(payload: unknown): BudgetDecision | null {
  if (payload === undefined) return null;
  const parsed = RecordedDecision.safeParse(payload);
  return parsed.success ? parsed.data.budget : null;
}
