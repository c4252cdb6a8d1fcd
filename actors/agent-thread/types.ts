import type { AgentThreadInput as ChannelThreadInput, ThreadReport } from '../../machines/channel.types.ts';
import type { HistoryMessage } from '../../src/discord/port.ts';
import type { ChatModel, ChatUsage } from '../../src/llm/chat-model.ts';
import type { ContextBudget } from '../../src/llm/context.ts';
import type { Logger } from '../../src/logger.ts';
import type { DecisionKind } from '../../src/tools/decision.ts';
import type { Clock } from '../clock.ts';
import type { AttachmentReader } from './attachment-reader.ts';
import type { SpendGate } from './spend-gate.ts';
import type { StepLog } from './step-log.ts';
import type { ToolExecutor } from './tool-port.ts';
import type { TypingDeps } from './typing.ts';

/** Reads channel messages older than `before`, newest or oldest first (the thread sorts them). */
export type HistoryReader = (
  input: { channelId: string; before: string; limit: number },
  signal: AbortSignal,
) => Promise<HistoryMessage[]>;

/** Everything an agent thread needs; required ones are checked when the actor logic is created. */
export interface AgentThreadDeps {
  model: ChatModel;
  tools: ToolExecutor;
  history: HistoryReader;
  steps: StepLog;
  /** Called after each model call actually made (not for replayed steps), with that call's usage. */
  usage?: (threadId: string, usage: ChatUsage, model: string) => void;
  /**
   * Spend caps (issue 11 §6): asked before each model call, charged after each one (see
   * ./thread-budget.ts). Without it the thread is unmetered; recorded budget decisions still apply.
   */
  spend?: SpendGate;
  /** Model calls per thread, at most (default 8). */
  maxSteps?: number;
  /** Per model call attempt (default 60 s); shortened to fit the thread's deadline. */
  callTimeoutMs?: number;
  /**
   * Reads the batch's attachments for the model (./attachments.ts); without it, files are only
   * described. `seeImages`: whether any configured model is sent images (`LLM_VISION`).
   */
  attachments?: { reader: AttachmentReader; seeImages: boolean };
  /** The server's rules for the system prompt. */
  rules?: (guildId: string) => string | Promise<string>;
  /** The server's persona for the system prompt (`/ery config set persona`). */
  persona?: (guildId: string) => string | Promise<string>;
  /**
   * Ery's own user, to mark its messages in the history and name it in the prompt. `id` is asked
   * once per thread, when its context is first built; it may wait (the live agent's waits for
   * Discord when its id is not remembered from an earlier login) and then honours `signal`.
   */
  self?: { id: (signal: AbortSignal) => string | Promise<string>; name: string };
  /** Earlier messages read for context (default 30). */
  historyLimit?: number;
  budget?: Partial<ContextBudget>;
  /** Tool calls executed per model reply, at most; more are answered "skipped" (default 10). */
  maxToolCallsPerStep?: number;
  /**
   * How long after `input.deadline` the thread stops itself (default 1 s). The channel machine
   * owns the deadline and stops the thread at it (the supervisor then tells whoever asked); the
   * thread's own stop is a backstop for when it runs without a machine, so it must not race it.
   */
  deadlineGraceMs?: number;
  /**
   * Times the thread's deadline and reads the time for the prompt (default the system clock):
   * under `SimulatedClock` the deadline fires on simulated time.
   */
  clock?: Clock;
  /**
   * Called when a thread fails for a reason other than being stopped (the model unreachable, the
   * thread's own deadline), before the failure is reported: the live agent tells the people who
   * addressed Ery. Its own errors are logged, never thrown.
   */
  onFailure?: (input: AgentThreadInput, error: unknown) => Promise<void>;
  /** Shows "Ery is typing…" in the channel while the thread runs (none when absent). */
  typing?: TypingDeps;
  logger: Logger;
}

/**
 * The channel machine's `AgentThreadInput` (machines/channel.types.ts) as the thread reads it: it
 * does not read `trigger`, and `deadline` may be absent when it runs without a machine.
 */
export type AgentThreadInput = Omit<ChannelThreadInput, 'trigger' | 'deadline'> &
  Partial<Pick<ChannelThreadInput, 'deadline'>>;

/** One tool call of the thread, as summarised in its output. */
export interface ToolCallSummary {
  step: number;
  callId: string;
  name: string;
  decision: DecisionKind;
  ok: boolean;
  /** True when the result came from the step log instead of running the tool. */
  replayed: boolean;
}

/** What a finished thread reports to the channel machine. */
export interface AgentThreadOutput extends ThreadReport {
  threadId: string;
  /** Model replies in this thread, replayed ones included. */
  steps: number;
  toolCalls: ToolCallSummary[];
  /** `budget`: a spent budget stopped it before a model call (./thread-budget.ts). */
  stoppedBecause: 'no_tool_call' | 'max_steps' | 'budget';
  /** Tokens of every model reply of the thread, replayed ones included. */
  usage: ChatUsage;
  /** The model that gave the last reply. */
  model: string | null;
  /** Model replies taken from the step log instead of calling the model. */
  replayedSteps: number;
}
